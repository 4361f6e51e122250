import { exportHeader } from "../../lib/exportTable";
import { cellText, type PackCell, type PackTable } from "./shape";

function Cells({ cells, currency, head }: { cells: PackCell[]; currency: string; head?: boolean }) {
  return (
    <>
      {cells.map((cell, i) =>
        i === 0 ? (
          <th key={i} scope="row">
            {cellText(cell, currency)}
          </th>
        ) : (
          <td key={i} className={typeof cell === "string" ? undefined : "num"}>
            {head ? <strong>{cellText(cell, currency)}</strong> : cellText(cell, currency)}
          </td>
        ),
      )}
    </>
  );
}

/** One board pack table as printed: caption, units in the headers, no controls. */
export function PackTableView({ table, currency }: { table: PackTable; currency: string }) {
  const captionId = `pack-table-${table.id}`;
  return (
    <div className="pack-table" data-testid={`pack-table-${table.id}`}>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table>
          <caption id={captionId}>{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
                  {exportHeader(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                <Cells cells={row} currency={currency} />
              </tr>
            ))}
          </tbody>
          {table.total ? (
            <tfoot>
              <tr>
                <Cells cells={table.total} currency={currency} head />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {table.note ? <p className="table-count">{table.note}</p> : null}
    </div>
  );
}

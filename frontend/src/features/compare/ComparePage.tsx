import { useState, type ReactNode } from "react";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { formatMoney, formatNumber, label } from "../../lib/format";
import { useAsOf, useParam } from "../../lib/url";
import { MILESTONE_STATUSES, SUPPORT_TYPES } from "../dashboard/api";
import { useComparison, type ComparedTeam } from "../exceptions/api";
import { useProgramme } from "../programmes/context";
import { TeamPicker } from "../programmes/TeamPicker";
import { rememberTeams } from "../programmes/teams";
import { TeamLink } from "../teams/links";

export const MAX_TEAMS = 4;

/** The team ids in `?teams=a,b,c` (at most four, no repeats). */
export function parseTeams(value: string | null): string[] {
  const ids = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return [...new Set(ids)].slice(0, MAX_TEAMS);
}

interface Row {
  key: string;
  label: string;
  value: (t: ComparedTeam) => ReactNode;
}

function groups(currency: string): { title: string; rows: Row[] }[] {
  const money = (get: (t: ComparedTeam) => number) => (t: ComparedTeam) => formatMoney(get(t), currency);
  return [
    {
      title: "Funding",
      rows: [
        { key: "awarded", label: "Awarded", value: money((t) => t.awarded_pence) },
        { key: "paid", label: "Paid", value: money((t) => t.paid_pence) },
        { key: "remaining", label: "Remaining", value: money((t) => t.remaining_pence) },
      ],
    },
    {
      title: "Milestones by status",
      rows: MILESTONE_STATUSES.map((s) => ({ key: `m-${s}`, label: label(s), value: (t: ComparedTeam) => t.milestones[s] })),
    },
    {
      title: "Support received, by type",
      rows: SUPPORT_TYPES.map((type) => ({
        key: `s-${type}`,
        label: label(type),
        value: (t: ComparedTeam) => {
          const s = t.support.find((x) => x.type === type);
          return s ? `${s.activities} (${formatNumber(s.hours)} h)` : "0";
        },
      })),
    },
    {
      title: "Indicators",
      rows: [
        { key: "i-total", label: "Indicators", value: (t) => t.indicators.total },
        { key: "i-improving", label: "Improving on baseline", value: (t) => t.indicators.improving },
        { key: "i-both", label: "…and on the previous period", value: (t) => t.indicators.improving_since_previous },
        { key: "i-worsening", label: "Worsening", value: (t) => t.indicators.worsening },
        { key: "i-target", label: "Target met", value: (t) => t.indicators.target_met },
      ],
    },
  ];
}

function CompareTable({ teams, currency, remove }: { teams: ComparedTeam[]; currency: string; remove: (id: string) => void }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Chosen teams side by side">
      <table data-testid="compare-table">
        <caption>Chosen teams side by side on the as-of date</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {teams.map((t) => (
              <th key={t.id} scope="col" className="num" data-testid="compare-team">
                <TeamLink id={t.id} name={t.name} />{" "}
                <button type="button" className="secondary" onClick={() => remove(t.id)}>
                  Remove<span className="visually-hidden"> {t.name}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        {groups(currency).map((g) => (
          <tbody key={g.title}>
            <tr>
              <th scope="colgroup" colSpan={teams.length + 1} className="group-head">
                {g.title}
              </th>
            </tr>
            {g.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {teams.map((t) => (
                  <td key={t.id} className="num">
                    {r.value(t)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

export function ComparePage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const [value, setValue] = useParam("teams");
  const ids = parseTeams(value);
  const [refused, setRefused] = useState<string | null>(null);
  const comparison = useComparison(programme.id, ids, asOf);
  if (comparison.status === "success") rememberTeams(comparison.data.teams);
  const setIds = (next: string[]) => setValue(next.length ? next.join(",") : null, { replace: true });

  const add = (team: { id: string; name: string } | null) => {
    if (!team || ids.includes(team.id)) return;
    if (ids.length >= MAX_TEAMS) {
      setRefused(`You can compare at most ${MAX_TEAMS} teams: remove one before adding ${team.name}.`);
      return;
    }
    setRefused(null);
    setIds([...ids, team.id]);
  };
  const remove = (id: string) => {
    setRefused(null);
    setIds(ids.filter((x) => x !== id));
  };

  return (
    <>
      <PageHead title="Compare teams">
        Up to four teams side by side on the as-of date: money awarded, paid and remaining,
        milestones by status, support received by type and how their indicators are moving.
      </PageHead>
      <div className="filters" role="search" aria-label="Choose teams">
        <TeamPicker
          label={`Add a team (${ids.length} of ${MAX_TEAMS})`}
          programmeId={programme.id}
          value={null}
          onChange={add}
          placeholder="Type a team's name"
          testId="compare-picker"
        />
      </div>
      <p role="status" aria-live="polite" className={refused ? "notice error" : "visually-hidden"} data-testid="compare-message">
        {refused ?? ""}
      </p>
      {ids.length === 0 ? (
        <Empty>Choose up to four teams to compare them.</Empty>
      ) : (
        <Loaded state={comparison} what="the chosen teams">
          {(c) => <CompareTable teams={c.teams} currency={c.programme.currency} remove={remove} />}
        </Loaded>
      )}
    </>
  );
}

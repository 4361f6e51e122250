import { describe, expect, it } from "vitest";
import { apiSortOf, type PagedColumn } from "./PagedTable";

const columns: PagedColumn<{ n: number }>[] = [
  { key: "amount", header: "Amount", sortBy: "amount_pence", value: (r) => r.n },
  { key: "status", header: "Status", value: (r) => r.n },
];

describe("apiSortOf", () => {
  it("maps a column's sort to the API's field, descending with a minus", () => {
    expect(apiSortOf(columns, { key: "amount", desc: false })).toBe("amount_pence");
    expect(apiSortOf(columns, { key: "amount", desc: true })).toBe("-amount_pence");
  });
  it("ignores columns the API cannot sort by, and unknown keys", () => {
    expect(apiSortOf(columns, { key: "status", desc: false })).toBeUndefined();
    expect(apiSortOf(columns, { key: "nope", desc: false })).toBeUndefined();
    expect(apiSortOf(columns, null)).toBeUndefined();
  });
});

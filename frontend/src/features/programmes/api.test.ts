import { describe, expect, it } from "vitest";
import { pickProgramme, type Programme } from "./api";

function prog(id: string, start: string, parent: string | null = null): Programme {
  return {
    id,
    ref: id,
    code: id.toUpperCase(),
    title: id,
    parent_id: parent,
    round: null,
    funder_id: "f",
    start_date: start,
    end_date: "2099-01-01",
    currency: "GBP",
    award_cap_pence: null,
    max_teams: null,
    description: "",
    aims: [],
    created_at: "",
    updated_at: "",
    version: 1,
  };
}

describe("pickProgramme", () => {
  const series = prog("ctg", "2009-11-01");
  const r1 = prog("r1", "2009-11-01", "ctg");
  const r3 = prog("sp", "2012-06-01", "ctg");
  const all = [series, r1, r3];
  it("defaults to the latest round, not the series", () => {
    expect(pickProgramme(all, null)?.id).toBe("sp");
  });
  it("honours the URL by id or code", () => {
    expect(pickProgramme(all, "r1")?.id).toBe("r1");
    expect(pickProgramme(all, "CTG")?.id).toBe("ctg");
    expect(pickProgramme(all, "nope")?.id).toBe("sp");
  });
  it("copes with nothing", () => {
    expect(pickProgramme([], null)).toBeNull();
  });
});

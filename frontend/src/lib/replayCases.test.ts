import { describe, expect, it } from "vitest";
// The replay rules' cases, shared with the API's tests (tests/dashboard/test_replay_cases.py).
import cases from "../../../tests/replay_cases.json";
import { awardAsOf, milestoneAsOf, sustainabilityAsOf, teamAsOf } from "./replay";

describe("the shared replay cases", () => {
  it.each(cases.milestones.map((c) => [c.case, c] as const))("milestone: %s", (_, c) => {
    expect(milestoneAsOf(c.row, c.as_of)).toEqual(c.expect);
  });
  it.each(cases.teams.map((c) => [c.case, c] as const))("team: %s", (_, c) => {
    expect(teamAsOf(c.row, c.as_of)).toEqual(c.expect);
  });
  it.each(cases.awards.map((c) => [c.case, c] as const))("award: %s", (_, c) => {
    expect(awardAsOf(c.row, c.as_of)).toEqual(c.expect);
  });
  it.each(cases.sustainability.map((c) => [c.case, c] as const))("sustainability: %s", (_, c) => {
    expect(sustainabilityAsOf(c.checkins, c.as_of)).toBe(c.expect.status);
  });
});

import { describe, expect, it } from "vitest";
import { asOfParam, carry, resolveAsOf, TODAY } from "./url";

const today = "2026-12-04";

describe("the default as-of day", () => {
  it("is the end of a programme that has ended", () => {
    expect(resolveAsOf(null, "2015-12-31", today)).toBe("2015-12-31");
    expect(resolveAsOf("not-a-day", "2015-12-31", today)).toBe("2015-12-31");
  });

  it("is today (null) for a running programme, or one ending today", () => {
    expect(resolveAsOf(null, "2027-03-31", today)).toBeNull();
    expect(resolveAsOf(null, today, today)).toBeNull();
    expect(resolveAsOf(null, undefined, today)).toBeNull();
  });

  it("gives way to the URL: a day, or today in so many words", () => {
    expect(resolveAsOf("2013-06-30", "2015-12-31", today)).toBe("2013-06-30");
    expect(resolveAsOf(TODAY, "2015-12-31", today)).toBeNull();
  });

  it("writes only what differs from the default", () => {
    expect(asOfParam(null, "2015-12-31", today)).toBe(TODAY);
    expect(asOfParam("2015-12-31", "2015-12-31", today)).toBeNull();
    expect(asOfParam("2013-06-30", "2015-12-31", today)).toBe("2013-06-30");
    expect(asOfParam(null, "2027-03-31", today)).toBeNull();
    // Round trip: what is written reads back as the day asked for.
    for (const day of [null, "2013-06-30", "2015-12-31"]) {
      expect(resolveAsOf(asOfParam(day, "2015-12-31", today), "2015-12-31", today)).toBe(day);
    }
  });

  it("follows you to other views", () => {
    expect(carry(new URLSearchParams("as_of=today&team=x"))).toBe("?as_of=today");
  });
});

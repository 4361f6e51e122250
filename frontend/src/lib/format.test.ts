import { describe, expect, it } from "vitest";
import {
  dayMs,
  formatDate,
  formatMoney,
  formatMoneyShort,
  formatMonth,
  formatNumber,
  formatPercent,
  formatValue,
  isIsoDate,
  label,
  parsePounds,
  penceToPoundsString,
  plural,
  todayIso,
} from "./format";

describe("formatMoney", () => {
  it("shows whole pounds with thousands separators", () => {
    expect(formatMoney(378_000_000)).toBe("£3,780,000");
    expect(formatMoney(42_000_000)).toBe("£420,000");
    expect(formatMoney(0)).toBe("£0");
  });
  it("shows pence only when there are some", () => {
    expect(formatMoney(123_450)).toBe("£1,234.50");
    expect(formatMoney(5)).toBe("£0.05");
    expect(formatMoney(100, "GBP", { pence: "always" })).toBe("£1.00");
  });
  it("handles negatives, other currencies and missing values", () => {
    expect(formatMoney(-150_000)).toBe("-£1,500");
    expect(formatMoney(100, "EUR")).toBe("€1");
    expect(formatMoney(100, "CHF")).toBe("CHF 1");
    expect(formatMoney(null)).toBe("–");
    expect(formatMoney(undefined)).toBe("–");
  });
  it("keeps large sums exact", () => {
    expect(formatMoney(42_000_000 * 1000)).toBe("£420,000,000");
    expect(formatMoney(9_007_199_254_740_991)).toBe("£90,071,992,547,409.91");
  });
});

describe("formatMoneyShort", () => {
  it("abbreviates for axes", () => {
    expect(formatMoneyShort(42_000_000)).toBe("£420k");
    expect(formatMoneyShort(378_000_000)).toBe("£3.78m");
    expect(formatMoneyShort(12_600_000)).toBe("£126k");
    expect(formatMoneyShort(50_000)).toBe("£500");
    expect(formatMoneyShort(0)).toBe("£0");
  });
});

describe("penceToPoundsString / parsePounds", () => {
  it("round-trips", () => {
    expect(penceToPoundsString(12_600_000)).toBe("126000.00");
    expect(penceToPoundsString(-5)).toBe("-0.05");
    expect(penceToPoundsString(null)).toBe("");
    expect(parsePounds("126,000")).toBe(12_600_000);
    expect(parsePounds("£1,234.5")).toBe(123_450);
    expect(parsePounds(" 0.29 ")).toBe(29);
  });
  it("refuses what is not an amount", () => {
    expect(parsePounds("")).toBeNull();
    expect(parsePounds("abc")).toBeNull();
    expect(parsePounds("1.234")).toBeNull();
    expect(parsePounds("-5")).toBeNull();
  });
});

describe("dates", () => {
  it("formats as 1 Jun 2012", () => {
    expect(formatDate("2012-06-01")).toBe("1 Jun 2012");
    expect(formatDate("2015-12-31")).toBe("31 Dec 2015");
    expect(formatDate("2013-09-09")).toBe("9 Sep 2013");
    expect(formatDate("2012-06-01T10:00:00+00:00")).toBe("1 Jun 2012");
    expect(formatDate(null)).toBe("–");
    expect(formatDate("soon")).toBe("soon");
    expect(formatMonth("2014-02-01")).toBe("Feb 2014");
  });
  it("validates ISO days", () => {
    expect(isIsoDate("2012-06-01")).toBe(true);
    expect(isIsoDate("2012-02-30")).toBe(false);
    expect(isIsoDate("2012-6-1")).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
  it("gives today and epoch days", () => {
    expect(todayIso(new Date(Date.UTC(2013, 0, 5, 23, 30)))).toBe("2013-01-05");
    expect(dayMs("1970-01-02")).toBe(86_400_000);
  });
});

describe("numbers and labels", () => {
  it("formats numbers", () => {
    expect(formatNumber(1234.56)).toBe("1,234.6");
    expect(formatNumber(12)).toBe("12");
    expect(formatNumber(-1000, 0)).toBe("-1,000");
    expect(formatNumber(null)).toBe("–");
    expect(formatPercent(1, 3)).toBe("33%");
    expect(formatPercent(1, 0)).toBe("–");
    expect(formatValue(12.5, "%")).toBe("12.5%");
    expect(formatValue(42, "staff")).toBe("42 staff");
    expect(formatValue(null, "%")).toBe("–");
  });
  it("labels enum values", () => {
    expect(label("in_progress")).toBe("In progress");
    expect(label("person_centred")).toBe("Person-centred");
    expect(label("coaching")).toBe("Coaching support");
    expect(label("achieved")).toBe("Achieved");
    expect(label(null)).toBe("–");
    expect(plural(1, "team")).toBe("1 team");
    expect(plural(1200, "team")).toBe("1,200 teams");
  });
});

import { describe, expect, it } from "vitest";
import { allocation } from "./allocation";
import type { Award, Payment } from "./api";

const award = { id: "a", amount_pence: 42_000_000 } as Award;
const pay = (id: string, amount_pence: number, status: Payment["status"]) => ({ id, amount_pence, status }) as Payment;

describe("allocation: what is left to allocate on an award", () => {
  it("is the award less its payments not cancelled, paid or not", () => {
    const payments = [pay("1", 12_600_000, "paid"), pay("2", 16_800_000, "scheduled"), pay("3", 5_000_000, "cancelled")];
    expect(allocation(award, payments, null)).toEqual({ awarded: 42_000_000, committed: 29_400_000, left: 12_600_000 });
  });
  it("leaves out the payment being changed, so it may keep its own amount", () => {
    const payments = [pay("1", 12_600_000, "paid"), pay("2", 29_400_000, "approved")];
    expect(allocation(award, payments, "2").left).toBe(29_400_000);
  });
});

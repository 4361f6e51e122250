import { describe, expect, it } from "vitest";
import { AFTER_WRITE, forgetSession, makeQueryClient, queryClient, shouldRetry } from "./query";
import { ApiError, networkError, toProblem } from "./problem";

describe("shouldRetry", () => {
  it("never retries a refusal (4xx)", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422, 429]) {
      expect(shouldRetry(0, new ApiError(toProblem(undefined, status))), String(status)).toBe(false);
    }
  });
  it("retries a server error or a network failure once", () => {
    expect(shouldRetry(0, new ApiError(toProblem(undefined, 503)))).toBe(true);
    expect(shouldRetry(1, new ApiError(toProblem(undefined, 503)))).toBe(false);
    expect(shouldRetry(0, networkError(new TypeError("Failed to fetch")))).toBe(true);
  });
  it("never retries an aborted request", () => {
    expect(shouldRetry(0, new DOMException("gone", "AbortError"))).toBe(false);
  });
});

describe("AFTER_WRITE", () => {
  it("makes every view's data stale but not a row open in an edit form", async () => {
    const client = makeQueryClient();
    client.setQueryData(["summary", "p1", "today"], { teams: 9 });
    client.setQueryData(["activities", "p1", "", "", "", "", "", "page", ""], { items: [] });
    client.setQueryData(["edit", "milestone", "m1"], { data: { id: "m1" }, etag: '"2"' });
    await client.invalidateQueries(AFTER_WRITE);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(["summary", "p1", "today"])).toBe(true);
    expect(stale(["activities", "p1", "", "", "", "", "", "page", ""])).toBe(true);
    expect(stale(["edit", "milestone", "m1"])).toBe(false);
  });
});

describe("forgetSession", () => {
  it("drops what only a session could read and keeps the rest", async () => {
    queryClient.setQueryData(["audit", "team-1"], { items: [] });
    queryClient.setQueryData(["summary", "p-1", "today"], { teams: 9 });
    await forgetSession();
    expect(queryClient.getQueryData(["audit", "team-1"])).toBeUndefined();
    expect(queryClient.getQueryData(["summary", "p-1", "today"])).toEqual({ teams: 9 });
    queryClient.clear();
  });
});

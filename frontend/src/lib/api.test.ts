import { describe, expect, it } from "vitest";
import { collect, unwrap } from "./api";
import { ApiError } from "./problem";

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

describe("collect", () => {
  it("follows cursors to the last page", async () => {
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      start: { items: [1, 2], next_cursor: "a" },
      a: { items: [3], next_cursor: "b" },
      b: { items: [4], next_cursor: null },
    };
    const seen: (string | undefined)[] = [];
    const rows = await collect(async (cursor) => {
      seen.push(cursor);
      return pages[cursor ?? "start"]!;
    });
    expect(rows).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([undefined, "a", "b"]);
  });
  it("stops a cursor that never ends", async () => {
    await expect(collect(async () => ({ items: [1], next_cursor: "again" }), 3)).rejects.toThrow(
      /more than 3 pages/,
    );
  });
});

describe("unwrap", () => {
  it("returns data and the ETag", async () => {
    const out = await unwrap(Promise.resolve({ data: { a: 1 }, response: response(200, { ETag: '"3"' }) }));
    expect(out).toEqual({ data: { a: 1 }, etag: '"3"' });
  });
  it("throws the problem document", async () => {
    const call = Promise.resolve({
      error: { type: "/problems/precondition-failed", title: "Changed", status: 412, detail: "", errors: [] },
      response: response(412),
    });
    const error = await unwrap(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isStale).toBe(true);
  });
  it("turns a network failure into status 0", async () => {
    const error = await unwrap(Promise.reject(new TypeError("Failed to fetch"))).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(0);
  });
});

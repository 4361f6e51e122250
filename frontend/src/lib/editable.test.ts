import { describe, expect, it } from "vitest";
import { etagOf, removeRow, type RowResource } from "./editable";

interface Row {
  id: string;
  version: number;
}

function resource(etag: string | null) {
  const calls: string[] = [];
  const rows: RowResource<Row, { title: string }> = {
    name: "thing",
    read: async (id) => {
      calls.push(`GET ${id}`);
      return { data: { id, version: 7 }, etag };
    },
    update: async (id, tag) => {
      calls.push(`PATCH ${id} ${tag}`);
      return { data: { id, version: 8 }, etag: '"8"' };
    },
    remove: async (id, tag) => {
      calls.push(`DELETE ${id} ${tag}`);
    },
  };
  return { rows, calls };
}

describe("etagOf", () => {
  it("sends back the response's ETag, else one made from the version", () => {
    expect(etagOf({ data: { id: "a", version: 3 }, etag: 'W/"x"' })).toBe('W/"x"');
    expect(etagOf({ data: { id: "a", version: 3 }, etag: null })).toBe('"3"');
  });
});

describe("removeRow", () => {
  it("deletes the version the list showed without reading it again", async () => {
    const { rows, calls } = resource('"7"');
    await removeRow(rows, "a", 4);
    expect(calls).toEqual(['DELETE a "4"']);
  });
  it("reads the row for its ETag when the list carries no version", async () => {
    const { rows, calls } = resource('"7"');
    await removeRow(rows, "a");
    expect(calls).toEqual(["GET a", 'DELETE a "7"']);
  });
  it("refuses a resource that cannot be deleted", async () => {
    const { rows } = resource(null);
    await expect(removeRow({ ...rows, remove: undefined }, "a", 1)).rejects.toThrow("a thing cannot be deleted here");
  });
});

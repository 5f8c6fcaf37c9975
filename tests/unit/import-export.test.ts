import { describe, expect, it } from "vitest";
import { decodeMessage } from "@/lib/messages/decode";
import { exportRecords, toJson, toNdjson } from "@/lib/messages/export";
import { parseCsv, parseImport } from "@/lib/messages/import";

describe("parseImport", () => {
  it("reads a JSON array: strings as they are, objects as their JSON", () => {
    expect(parseImport("m.json", '["a", {"b": 1}, 2]')).toEqual({ messages: ["a", '{"b":1}', "2"], format: "json", errors: [] });
  });

  it("reports an invalid JSON array", () => {
    const r = parseImport("m.json", '["a", ');
    expect(r.messages).toEqual([]);
    expect(r.errors[0]).toMatch(/Not a valid JSON array/);
  });

  it("reads NDJSON and names bad lines", () => {
    expect(parseImport("m.ndjson", '{"a":1}\n\n"text"\n[1]\n')).toEqual({ messages: ['{"a":1}', "text", "[1]"], format: "ndjson", errors: [] });
    expect(parseImport("m.ndjson", '{"a":1}\n{oops\n').errors).toEqual(["Line 2 is not valid JSON."]);
  });

  it("reads CSV by its message column, with quotes, commas and newlines", () => {
    const csv = 'id,message\n1,"hello, world"\n2,"say ""hi"""\n3,"two\nlines"\n';
    expect(parseImport("m.csv", csv)).toEqual({ messages: ["hello, world", 'say "hi"', "two\nlines"], format: "csv", errors: [] });
  });

  it("reads headerless CSV by its first column", () => {
    expect(parseImport("m.csv", "alpha,1\r\nbeta,2\r\n").messages).toEqual(["alpha", "beta"]);
    expect(parseCsv("a,b\n\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("takes plain text files line by line", () => {
    expect(parseImport("m.txt", "first line\nsecond line\n")).toEqual({ messages: ["first line", "second line"], format: "text", errors: [] });
  });
});

describe("export", () => {
  const messages = [
    { id: "1", insertedOn: "2026-01-01T00:00:00.000Z", expiresOn: "2026-01-08T00:00:00.000Z", dequeueCount: 2, size: 12, text: Buffer.from('{"a":1}').toString("base64") },
    { id: "2", insertedOn: "2026-01-01T00:00:00.000Z", expiresOn: "9999-12-31T23:59:59.000Z", dequeueCount: 0, size: 4, text: "test" },
  ];
  const records = exportRecords(messages, (m) => decodeMessage(m.text));

  it("keeps raw and decoded text with every property", () => {
    expect(records[0]).toMatchObject({ id: "1", rawText: messages[0]!.text, decodedText: '{"a":1}', encoding: "base64", format: "json", dequeueCount: 2 });
    expect(records[1]).toMatchObject({ rawText: "test", decodedText: "test", encoding: "text" });
  });

  it("writes JSON and NDJSON that parse back to the same records", () => {
    expect(JSON.parse(toJson(records))).toEqual(records);
    expect(toNdjson(records).trim().split("\n").map((l) => JSON.parse(l))).toEqual(records);
    expect(toNdjson([])).toBe("");
  });
});

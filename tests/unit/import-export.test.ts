import { describe, expect, it } from "vitest";
import { decodeMessage } from "@/lib/messages/decode";
import { exportRecords, pickDecoded, toJson, toNdjson } from "@/lib/messages/export";
import { parseCsv, parseImport } from "@/lib/messages/import";

describe("parseImport", () => {
  it("reads a JSON array: strings as their value, anything else as the file writes it", () => {
    expect(parseImport("m.json", '["a", {"b": 1}, 2]')).toEqual({
      messages: ["a", '{"b": 1}', "2"],
      format: "json",
      errors: [],
    });
  });

  it("reports an invalid JSON array", () => {
    const r = parseImport("m.json", '["a", ');
    expect(r.messages).toEqual([]);
    expect(r.errors[0]).toMatch(/Not a valid JSON array/);
  });

  it("reads NDJSON and names bad lines", () => {
    expect(parseImport("m.ndjson", '{"a":1}\n\n"text"\n[1]\n')).toEqual({
      messages: ['{"a":1}', "text", "[1]"],
      format: "ndjson",
      errors: [],
    });
    expect(parseImport("m.ndjson", '{"a":1}\n{oops\n').errors).toEqual(["Line 2 is not valid JSON."]);
  });

  it("reads CSV by its message column, with quotes, commas and newlines", () => {
    const csv = 'id,message\n1,"hello, world"\n2,"say ""hi"""\n3,"two\nlines"\n';
    expect(parseImport("m.csv", csv)).toEqual({
      messages: ["hello, world", 'say "hi"', "two\nlines"],
      format: "csv",
      errors: [],
    });
  });

  it("reads headerless CSV by its first column", () => {
    expect(parseImport("m.csv", "alpha,1\r\nbeta,2\r\n").messages).toEqual(["alpha", "beta"]);
    expect(parseCsv("a,b\n\nc,d").rows).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("takes plain text files line by line", () => {
    expect(parseImport("m.txt", "first line\nsecond line\n")).toEqual({
      messages: ["first line", "second line"],
      format: "text",
      errors: [],
    });
  });
});

describe("import fidelity: each message is the text the file holds", () => {
  const exact = [
    '{"id":12345678901234567890}',
    '{"x":1e400}',
    '{"a":1,"a":2}',
    '{ "spaced" : [ 1 , 2 ] }',
    "-0.0",
    '"quoted \\" \\u00e9"',
  ];
  const values = exact.map((m) => (m.startsWith('"') ? (JSON.parse(m) as string) : m));

  it("slices JSON array elements instead of parsing and writing them again", () => {
    expect(parseImport("m.json", `[\n  ${exact.join(",\n  ")}\n]\n`).messages).toEqual(values);
    expect(parseImport("m.json", "[]").messages).toEqual([]);
    expect(parseImport("m.json", '[[1,[2,"]"]],{"k":"},{"}]').messages).toEqual(['[1,[2,"]"]]', '{"k":"},{"}']);
  });

  it("keeps NDJSON lines as written, with their line numbers in errors", () => {
    expect(parseImport("m.ndjson", `${exact.join("\r\n")}\r\n`).messages).toEqual(values);
    expect(parseImport("m.ndjson", '{"a":1}\n\n\n{oops\n').errors).toEqual(["Line 4 is not valid JSON."]);
    expect(parseImport("m.jsonl", "[1]\n[2, 3]\n").messages).toEqual(["[1]", "[2, 3]"]);
  });

  it("strips a byte order mark from every format", () => {
    expect(parseImport("m.csv", "\uFEFFmessage\nhello\n").messages).toEqual(["hello"]);
    expect(parseImport("m.csv", "\uFEFFfirst\nsecond\n").messages).toEqual(["first", "second"]);
    expect(parseImport("m.ndjson", '\uFEFF{"a":1}\n{"b":2}\n')).toEqual({
      messages: ['{"a":1}', '{"b":2}'],
      format: "ndjson",
      errors: [],
    });
    expect(parseImport("m.json", '\uFEFF[{"a":1}]').messages).toEqual(['{"a":1}']);
    expect(parseImport("m.txt", "\uFEFFline\n").messages).toEqual(["line"]);
  });

  it("detects the CSV delimiter: a semicolon file does not send its header", () => {
    expect(parseImport("m.csv", 'id;message\n1;"a;b"\n2;plain\n')).toEqual({
      messages: ["a;b", "plain"],
      format: "csv",
      errors: [],
    });
    expect(parseImport("m.csv", "id\tbody\n1\tx, y\n").messages).toEqual(["x, y"]);
  });

  it("names the line of a CSV parse error and sends nothing", () => {
    const r = parseImport("m.csv", 'id,message\n1,fine\n2,"unbalanced\n3,swallowed\n4,rest\n');
    expect(r.messages).toEqual([]);
    expect(r.errors.join(" ")).toMatch(/^Line 3: /);
  });

  it("re-imports a Queuescope NDJSON or JSON export as the stored messages", () => {
    const stored = [
      {
        id: "1",
        insertedOn: "2026-01-01T00:00:00.000Z",
        expiresOn: "2026-01-08T00:00:00.000Z",
        dequeueCount: 0,
        size: 12,
        text: Buffer.from('{"a":1}').toString("base64"),
      },
      {
        id: "2",
        insertedOn: "2026-01-01T00:00:00.000Z",
        expiresOn: "2026-01-08T00:00:00.000Z",
        dequeueCount: 3,
        size: 22,
        text: '{"n":12345678901234567890}',
      },
    ];
    const records = exportRecords(stored, (m) => decodeMessage(m.text));
    for (const [name, file] of [
      ["q.ndjson", toNdjson(records)],
      ["q.json", toJson(records)],
    ] as const) {
      expect(parseImport(name, file)).toEqual({
        messages: stored.map((m) => m.text),
        format: name.endsWith(".json") ? "json" : "ndjson",
        errors: [],
        asStored: true,
      });
    }
  });
});

describe("export", () => {
  const messages = [
    {
      id: "1",
      insertedOn: "2026-01-01T00:00:00.000Z",
      expiresOn: "2026-01-08T00:00:00.000Z",
      dequeueCount: 2,
      size: 12,
      text: Buffer.from('{"a":1}').toString("base64"),
    },
    {
      id: "2",
      insertedOn: "2026-01-01T00:00:00.000Z",
      expiresOn: "9999-12-31T23:59:59.000Z",
      dequeueCount: 0,
      size: 4,
      text: "test",
    },
  ];
  const records = exportRecords(messages, (m) => decodeMessage(m.text));

  it("keeps raw and decoded text with every property", () => {
    expect(records[0]).toMatchObject({
      id: "1",
      rawText: messages[0]!.text,
      decodedText: '{"a":1}',
      encoding: "base64",
      format: "json",
      dequeueCount: 2,
    });
    expect(records[1]).toMatchObject({ rawText: "test", decodedText: "test", encoding: "text" });
  });

  it("keeps a binary payload's stored text when only the decoded text is asked for (it has none)", () => {
    const [binary] = exportRecords([{ ...messages[1]!, text: "AJ+Slv8BAg==" }], (m) => decodeMessage(m.text));
    expect(binary!.format).toBe("binary");
    expect(pickDecoded(binary!, "decoded")).toMatchObject({ decodedText: null, rawText: "AJ+Slv8BAg==" });
    expect(pickDecoded(records[0]!, "decoded")).not.toHaveProperty("rawText");
    expect(pickDecoded(binary!, "raw")).not.toHaveProperty("decodedText");
  });

  it("writes JSON and NDJSON that parse back to the same records", () => {
    expect(JSON.parse(toJson(records))).toEqual(records);
    expect(
      toNdjson(records)
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(records);
    expect(toNdjson([])).toBe("");
  });
});

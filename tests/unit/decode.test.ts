import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  base64ToBytes,
  bytesToBase64,
  decodeMessage,
  detectFormat,
  isStrictBase64,
  prettyPrint,
  textToBase64,
} from "@/lib/messages/decode";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("isStrictBase64", () => {
  it.each(["dGVzdA==", "YQ==", "YWI=", "YWJj", b64('{"a":1}')])("accepts %s", (s) =>
    expect(isStrictBase64(s)).toBe(true),
  );
  it.each(["", "YQ", "YQ=", "Y===", "dGVzdA", "a b=", "YR==", "YWJ=", "test!", "-_-_"])("rejects %j", (s) =>
    expect(isStrictBase64(s)).toBe(false),
  );

  it("round-trips random bytes like Node's Buffer", () => {
    for (let n = 0; n < 50; n++) {
      const bytes = randomBytes(n);
      const encoded = bytesToBase64(bytes);
      expect(encoded).toBe(bytes.toString("base64"));
      expect(Buffer.from(base64ToBytes(encoded))).toEqual(bytes);
    }
  });
});

describe("decodeMessage (auto)", () => {
  it.each(["test", "abcd", "AAAA", "Hello world", "1234"])("keeps the plain word %j as text", (raw) => {
    expect(decodeMessage(raw)).toMatchObject({ encoding: "text", text: raw });
  });

  it("decodes base64 JSON the way Azure Functions writes it", () => {
    const json = '{"orderId":"ord-1","total":12.5}';
    expect(decodeMessage(b64(json))).toEqual({ encoding: "base64", format: "json", text: json, size: json.length });
  });

  it("decodes base64 unicode text with its byte size", () => {
    const text = "Grüße, 世界 🌍";
    expect(decodeMessage(textToBase64(text))).toEqual({
      encoding: "base64",
      format: "text",
      text,
      size: Buffer.byteLength(text),
    });
  });

  it("shows base64 of random binary as hex with its byte length", () => {
    const bytes = Buffer.from([
      0xff, 0xfe, 0x00, 0x01, 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x05, 0x06, 0x07, 0x08,
    ]);
    const decoded = decodeMessage(bytes.toString("base64"));
    expect(decoded).toMatchObject({ encoding: "base64", format: "binary", size: 16 });
    expect(decoded.text).toContain("ff fe 00 01 80 90 a0 b0  c0 d0 e0 f0 05 06 07 08".replace("  ", " "));
  });

  it("shows what Python's BinaryBase64EncodePolicy writes as binary", () => {
    // bytes([0, 0x9f, 0x92, 0x96, 0xff, 1, 2]) encoded by azure-storage-queue's BinaryBase64EncodePolicy
    const decoded = decodeMessage("AJ+Slv8BAg==");
    expect(decoded).toMatchObject({ encoding: "base64", format: "binary", size: 7 });
    expect(decoded.text).toContain("00 9f 92 96 ff 01 02");
  });

  it.each([
    ["padding", Buffer.from([0xff, 0x00, 0x10, 0x80])],
    ["a + or /", Buffer.from([0xfb, 0xef, 0xbe])],
    [
      "real binary: a PNG header",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    ],
    [
      "real binary: gzip",
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00]),
    ],
    ["random bytes", randomBytes(600)],
  ])("shows strict base64 with %s that is not text as binary", (_label, bytes) => {
    const raw = bytes.toString("base64");
    // Random bytes that happen to be valid UTF-8 text are vanishingly rare at this length.
    expect(decodeMessage(raw)).toMatchObject({ encoding: "base64", format: "binary", size: bytes.length });
  });

  it.each(["test", "abcd", "AAAA", "Zzzz", "QUEUE123", "abcdefghijkl"])(
    "keeps the short unpadded word %j (strict base64 of non-text) as text",
    (raw) => {
      expect(isStrictBase64(raw)).toBe(true);
      expect(decodeMessage(raw)).toMatchObject({ encoding: "text", format: "text", text: raw, size: raw.length });
    },
  );

  it("still decodes strict base64 of text even when short", () => {
    expect(decodeMessage("dGVzdA==")).toMatchObject({ encoding: "base64", text: "test" });
    expect(decodeMessage("YWJj")).toMatchObject({ encoding: "base64", text: "abc" });
  });

  it("detects JSON and XML in plain text", () => {
    expect(decodeMessage('{"a":[1,2]}').format).toBe("json");
    expect(decodeMessage('<?xml version="1.0"?><job><id>1</id></job>').format).toBe("xml");
    expect(decodeMessage("<script>alert(1)</script>").format).toBe("xml");
    expect(decodeMessage("{not json}").format).toBe("text");
  });
});

describe("decodeMessage (override)", () => {
  it("shows base64 of binary as a hex dump with its byte length", () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 65, 66]);
    const decoded = decodeMessage(bytes.toString("base64"), "base64");
    expect(decoded.format).toBe("binary");
    expect(decoded.size).toBe(7);
    expect(decoded.text).toContain("00 01 02 ff fe 41 42");
  });

  it("keeps base64 text as stored when the user says text", () => {
    expect(decodeMessage(b64("hello"), "text")).toMatchObject({ encoding: "text", text: b64("hello") });
  });

  it("treats a non-base64 message forced to base64 as text", () => {
    expect(decodeMessage("not base64!", "base64")).toMatchObject({ encoding: "text", text: "not base64!" });
  });
});

describe("prettyPrint", () => {
  it("indents JSON", () => expect(prettyPrint('{"a":{"b":1}}', "json")).toBe('{\n  "a": {\n    "b": 1\n  }\n}'));
  it("indents XML and keeps leaf elements on one line", () => {
    expect(prettyPrint('<?xml version="1.0"?><job><blob>cat.png</blob><size w="1"/></job>', "xml")).toBe(
      '<?xml version="1.0"?>\n<job>\n  <blob>cat.png</blob>\n  <size w="1"/>\n</job>',
    );
  });
  it("detectFormat ignores surrounding whitespace", () => expect(detectFormat("  [1, 2]\n")).toBe("json"));
});

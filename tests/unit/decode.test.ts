import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, decodeMessage, detectFormat, isStrictBase64, prettyPrint, textToBase64 } from "@/lib/messages/decode";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("isStrictBase64", () => {
  it.each(["dGVzdA==", "YQ==", "YWI=", "YWJj", b64('{"a":1}')])("accepts %s", (s) => expect(isStrictBase64(s)).toBe(true));
  it.each(["", "YQ", "YQ=", "Y===", "dGVzdA", "a b=", "YR==", "YWJ=", "test!", "-_-_"])("rejects %j", (s) => expect(isStrictBase64(s)).toBe(false));

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
    expect(decodeMessage(textToBase64(text))).toEqual({ encoding: "base64", format: "text", text, size: Buffer.byteLength(text) });
  });

  it("leaves base64 of random binary as stored, flagged as binary base64", () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x05, 0x06, 0x07, 0x08]).toString("base64");
    expect(decodeMessage(raw)).toMatchObject({ encoding: "text", text: raw, binaryBase64: true });
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
  it("detectFormat ignores surrounding whitespace", () => expect(detectFormat('  [1, 2]\n')).toBe("json"));
});

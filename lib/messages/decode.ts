// How a message is shown: pure, used by the server for the default view and by the browser when
// the user overrides the decoding. Works in Node and in browsers (no Buffer).
import { prettyJson } from "./json-source";

export const MAX_MESSAGE_BYTES = 64 * 1024;

export type Encoding = "text" | "base64";
export type Format = "json" | "xml" | "text" | "binary";
export type DecodeChoice = "auto" | Encoding;

export interface Decoded {
  encoding: Encoding;
  format: Format;
  /** The text to show: decoded text, or a hex dump for binary. */
  text: string;
  /** Bytes of the decoded payload. */
  size: number;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// C0 controls other than tab, line feed and carriage return mean "not text".
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function byteLength(text: string): number {
  return utf8.encode(text).length;
}

const B64_VALUE = new Uint8Array(128);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;

/** Decodes base64 already checked against the alphabet (see isStrictBase64). */
export function base64ToBytes(b64: string): Uint8Array {
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 61) end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    value = ((value << 6) | B64_VALUE[b64.charCodeAt(i) & 127]!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(
      B64_ALPHABET[(n >> 18) & 63]! +
        B64_ALPHABET[(n >> 12) & 63]! +
        (i + 1 < bytes.length ? B64_ALPHABET[(n >> 6) & 63]! : "=") +
        (i + 2 < bytes.length ? B64_ALPHABET[n & 63]! : "="),
    );
  }
  return parts.join("");
}

export function textToBase64(text: string): string {
  return bytesToBase64(utf8.encode(text));
}

/** Canonical base64 only: right alphabet, padding, and unused bits zero (so it round-trips). */
export function isStrictBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text) && bytesToBase64(base64ToBytes(text)) === text;
}

function asText(bytes: Uint8Array): string | null {
  try {
    const text = strictUtf8.decode(bytes);
    return CONTROL.test(text) ? null : text;
  } catch {
    return null;
  }
}

export function hexDump(bytes: Uint8Array, max = 4096): string {
  const lines: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i += 16) {
    const row = Array.from(bytes.subarray(i, Math.min(i + 16, bytes.length)));
    const hex = row.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${i.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > max) lines.push(`… ${bytes.length - max} more bytes`);
  return lines.join("\n");
}

export function detectFormat(text: string): Exclude<Format, "binary"> {
  const t = text.trim();
  if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
    try {
      JSON.parse(t);
      return "json";
    } catch {
      // not JSON after all
    }
  }
  if (/^<(\?xml|[A-Za-z_][\w.-]*)[\s\S]*>$/.test(t) && /<\/[\w.:-]+>$|\/>$|\?>$/.test(t)) return "xml";
  return "text";
}

/** Longer than any word a producer would send as plain text (strict base64 is a multiple of 4). */
const WORD_LENGTH = 16;

/**
 * Strict base64 that only an encoder writes: padding, `+` or `/`, or longer than a word. Python's
 * BinaryBase64EncodePolicy writes e.g. `AJ+Slv8BAg==`; `test`, `abcd` and `AAAA` are words.
 */
export function looksEncoded(raw: string): boolean {
  return raw.endsWith("=") || raw.includes("+") || raw.includes("/") || raw.length >= WORD_LENGTH;
}

/**
 * Decodes a raw message. "auto" shows base64 decoded when the text is strict base64 of valid UTF-8
 * text, and as binary (hex, with its byte length) when it is strict base64 that looks encoded and
 * decodes to bytes that are not text; anything else as stored, so plain words such as "test" stay text.
 */
export function decodeMessage(raw: string, choice: DecodeChoice = "auto"): Decoded {
  if (choice !== "text" && isStrictBase64(raw)) {
    const bytes = base64ToBytes(raw);
    const text = asText(bytes);
    if (text !== null) return { encoding: "base64", format: detectFormat(text), text, size: bytes.length };
    if (choice === "base64" || looksEncoded(raw))
      return { encoding: "base64", format: "binary", text: hexDump(bytes), size: bytes.length };
  }
  return { encoding: "text", format: detectFormat(raw), text: raw, size: byteLength(raw) };
}

/**
 * Adds back the decoded text the API leaves out of a message (it would send the bytes twice). The
 * server's summary is the same decoder's answer, so only the text is filled in.
 */
export function withDecodedText<M extends { text: string; decoded: Omit<Decoded, "text"> }>(
  m: M,
): Omit<M, "decoded"> & { decoded: Decoded } {
  return { ...m, decoded: { ...m.decoded, text: decodeMessage(m.text).text } };
}

/**
 * Pretty-prints JSON (every number, string and key as written: see json-source) and indents XML
 * for display; other formats are returned as they are.
 */
export function prettyPrint(text: string, format: Format): string {
  if (format === "json") return prettyJson(text.trim()) ?? text;
  if (format === "xml") return indentXml(text);
  return text;
}

function indentXml(xml: string): string {
  const tokens =
    xml
      .trim()
      .replace(/>\s+</g, "><")
      .match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const closing = token.startsWith("</");
    const opening = token.startsWith("<") && !closing && !/^<[?!]/.test(token) && !token.endsWith("/>");
    const [text, close] = [tokens[i + 1], tokens[i + 2]];
    if (opening && text !== undefined && !text.startsWith("<") && close?.startsWith("</")) {
      // <a>text</a> stays on one line.
      lines.push("  ".repeat(depth) + token + text + close);
      i += 2;
      continue;
    }
    if (closing) depth = Math.max(0, depth - 1);
    lines.push("  ".repeat(depth) + token.trim());
    if (opening) depth++;
  }
  return lines.join("\n");
}

// Messages to send, read from a JSON array, NDJSON, CSV or plain text file. Each message is the
// text the file holds: JSON values are sliced out of the file, never parsed and written again
// (that would turn 12345678901234567890 into 12345678901234567000, 1e400 into null, and merge
// duplicate keys). A JSON string element or line is the one exception: its value is the message.
import Papa from "papaparse";

export interface ImportResult {
  messages: string[];
  format: "json" | "ndjson" | "csv" | "text";
  errors: string[];
  /** A Queuescope export: the messages are the stored texts, to be sent as they are (no Base64). */
  asStored?: boolean;
}

const CSV_COLUMNS = ["message", "text", "body", "messagetext"];
const JSON_SPACE = /^[ \t\n\r]+|[ \t\n\r]+$/g;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The raw text of each top-level element of a JSON array the caller has checked is valid. */
export function sliceJsonArray(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth === 1 && c === "[") start = i + 1;
    } else if (c === "]" || c === "}") {
      if (--depth === 0) {
        const last = text.slice(start, i).replace(JSON_SPACE, "");
        if (last !== "" || out.length > 0) out.push(last);
      }
    } else if (c === "," && depth === 1) {
      out.push(text.slice(start, i).replace(JSON_SPACE, ""));
      start = i + 1;
    }
  }
  return out;
}

/** A JSON string is its value; anything else stays the text it was written as. */
function asMessage(raw: string, parsed: unknown): string {
  return typeof parsed === "string" ? parsed : raw;
}

const isExportRecord = (v: unknown): v is { rawText: string } =>
  v !== null &&
  typeof v === "object" &&
  typeof (v as Record<string, unknown>).rawText === "string" &&
  typeof (v as Record<string, unknown>).id === "string" &&
  typeof (v as Record<string, unknown>).insertedOn === "string" &&
  typeof (v as Record<string, unknown>).dequeueCount === "number";

/** Values parsed only to tell strings and Queuescope export records apart; the text is kept raw. */
function fromJsonValues(raws: string[], values: unknown[], format: "json" | "ndjson", errors: string[]): ImportResult {
  if (values.length > 0 && values.every(isExportRecord))
    return { messages: values.map((v) => v.rawText), format, errors, asStored: true };
  return { messages: raws.map((raw, i) => asMessage(raw, values[i])), format, errors };
}

function parseJsonArray(text: string): ImportResult {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    return { messages: [], format: "json", errors: [`Not a valid JSON array: ${(err as Error).message}`] };
  }
  return fromJsonValues(sliceJsonArray(text), values as unknown[], "json", []);
}

function parseLines(text: string, ndjson: boolean): ImportResult {
  const raws: string[] = [];
  const values: unknown[] = [];
  const errors: string[] = [];
  text.split("\n").forEach((line, i) => {
    const raw = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (raw.trim() === "") return;
    raws.push(raw);
    if (!ndjson) return;
    try {
      values.push(JSON.parse(raw));
    } catch {
      values.push(undefined);
      errors.push(`Line ${i + 1} is not valid JSON.`);
    }
  });
  if (!ndjson) return { messages: raws, format: "text", errors };
  return fromJsonValues(raws, values, "ndjson", errors);
}

/** CSV rows by papaparse (quotes, escaped quotes, newlines in fields; the delimiter detected). */
export function parseCsv(text: string): { rows: string[][]; errors: string[] } {
  const csv = stripBom(text);
  const result = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  const errors = result.errors
    // A one-column file has no delimiter to detect: that is not an error.
    .filter((e) => e.code !== "UndetectableDelimiter")
    .map((e) => `Line ${e.index === undefined ? (e.row ?? 0) + 1 : lineAt(csv, e.index)}: ${e.message}.`);
  return { rows: result.data, errors: [...new Set(errors)] };
}

/**
 * A JSON array (each element one message), NDJSON (each line one message), CSV (a column named
 * "message", "text" or "body", else the first column; a header row is recognised by that name)
 * or plain text (each line one message). A Queuescope export re-imports as the stored messages.
 */
export function parseImport(fileName: string, file: string): ImportResult {
  const text = stripBom(file);
  if (/\.csv$/i.test(fileName)) {
    const { rows, errors } = parseCsv(text);
    const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
    const named = header.findIndex((h) => CSV_COLUMNS.includes(h));
    const data = named >= 0 ? rows.slice(1) : rows;
    return { messages: errors.length ? [] : data.map((r) => r[Math.max(0, named)] ?? ""), format: "csv", errors };
  }
  if (text.trimStart().startsWith("[")) {
    const result = parseJsonArray(text);
    // NDJSON whose lines are arrays is not one JSON array: read it line by line instead.
    if (result.errors.length === 0 || !/\.(ndjson|jsonl)$/i.test(fileName)) return result;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const ndjson = /\.(nd)?jsonl?$/i.test(fileName) || lines.every((l) => /^\s*[{["\d-]/.test(l));
  return parseLines(text, ndjson);
}

// Messages to send, read from a JSON array, NDJSON or CSV file. Objects become their JSON text.

export interface ImportResult {
  messages: string[];
  format: "json" | "ndjson" | "csv" | "text";
  errors: string[];
}

const asMessage = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

/**
 * A JSON array (each element one message), NDJSON (each line one message), or CSV (a column named
 * "message", "text" or "body", else the first column; a header row is recognised by that name).
 */
export function parseImport(fileName: string, text: string): ImportResult {
  const trimmed = text.trim();
  if (/\.csv$/i.test(fileName)) {
    const rows = parseCsv(text);
    const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
    const named = header.findIndex((h) => ["message", "text", "body", "messagetext"].includes(h));
    const column = Math.max(0, named);
    const data = named >= 0 ? rows.slice(1) : rows;
    return { messages: data.map((r) => r[column] ?? ""), format: "csv", errors: [] };
  }
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return { messages: parsed.map(asMessage), format: "json", errors: [] };
    } catch (err) {
      return { messages: [], format: "json", errors: [`Not a valid JSON array: ${(err as Error).message}`] };
    }
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const messages: string[] = [];
  const errors: string[] = [];
  const ndjson = /\.(nd)?jsonl?$|\.ndjson$/i.test(fileName) || lines.every((l) => /^\s*[{["\d-]/.test(l));
  lines.forEach((line, i) => {
    if (!ndjson) return messages.push(line);
    try {
      messages.push(asMessage(JSON.parse(line)));
    } catch {
      errors.push(`Line ${i + 1} is not valid JSON.`);
    }
  });
  return { messages, format: ndjson ? "ndjson" : "text", errors };
}

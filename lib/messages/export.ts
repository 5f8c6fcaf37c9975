// Loaded messages as downloadable JSON or NDJSON: raw text, decoded text, every property.
import type { Decoded } from "./decode";

export interface ExportableMessage {
  id: string;
  insertedOn: string;
  expiresOn: string;
  dequeueCount: number;
  size: number;
  text: string;
}

export function exportRecords<M extends ExportableMessage>(messages: M[], decode: (m: M) => Decoded) {
  return messages.map((m) => {
    const d = decode(m);
    return {
      id: m.id,
      insertedOn: m.insertedOn,
      expiresOn: m.expiresOn,
      dequeueCount: m.dequeueCount,
      size: m.size,
      rawText: m.text,
      decodedText: d.format === "binary" ? null : d.text,
      encoding: d.encoding,
      format: d.format,
      decodedSize: d.size,
    };
  });
}

export function toJson(records: object[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

export function toNdjson(records: object[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");
}

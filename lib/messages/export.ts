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

/**
 * An export record as asked: raw (the stored text), decoded (the text as the inspector shows it),
 * or both. A binary payload has no decoded text, so "decoded" keeps its stored text (its base64)
 * beside `decodedText: null`: no message is exported without its payload.
 */
export function pickDecoded<R extends { rawText: string; decodedText: string | null }>(
  record: R,
  decodeAs: "raw" | "decoded" | "both",
) {
  if (decodeAs === "both") return record;
  const { rawText, decodedText, ...rest } = record;
  if (decodeAs === "raw") return { ...rest, rawText };
  return decodedText === null ? { ...rest, decodedText, rawText } : { ...rest, decodedText };
}

/** Masks each record of an NDJSON export (its raw and decoded text) as it streams to a masked user. */
export function maskExportStream(
  stream: ReadableStream<Uint8Array>,
  mask: (text: string) => string,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let rest = "";
  const maskLine = (line: string) => {
    if (!line.trim()) return line;
    const record = JSON.parse(line) as { rawText?: unknown; decodedText?: unknown };
    if (typeof record.rawText === "string") record.rawText = mask(record.rawText);
    if (typeof record.decodedText === "string") record.decodedText = mask(record.decodedText);
    return JSON.stringify(record);
  };
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
        rest = lines.pop()!;
        if (lines.length) controller.enqueue(encoder.encode(lines.map(maskLine).join("\n") + "\n"));
      },
      flush(controller) {
        rest += decoder.decode();
        if (rest) controller.enqueue(encoder.encode(maskLine(rest)));
      },
    }),
  );
}

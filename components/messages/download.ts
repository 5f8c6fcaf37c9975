import type { Decoded } from "@/lib/messages/decode";
import { exportRecords, pickDecoded, toJson, toNdjson, type ExportableMessage } from "@/lib/messages/export";
import type { DecodeAs } from "@/lib/validation/job-kinds";

/**
 * Saves messages as a JSON or NDJSON file through the browser, each written as the whole-queue
 * export writes it (raw, decoded or both); returns how many were written.
 */
export function downloadMessages<M extends ExportableMessage>(
  queue: string,
  messages: M[],
  decode: (m: M) => Decoded,
  kind: "json" | "ndjson",
  decodeAs: DecodeAs = "both",
): number {
  const records = exportRecords(messages, decode).map((r) => pickDecoded(r, decodeAs));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const text = kind === "json" ? toJson(records) : toNdjson(records);
  const url = URL.createObjectURL(
    new Blob([text], { type: kind === "json" ? "application/json" : "application/x-ndjson" }),
  );
  const a = Object.assign(document.createElement("a"), { href: url, download: `${queue}-${stamp}.${kind}` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return records.length;
}

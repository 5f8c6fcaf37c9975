import type { Decoded } from "@/lib/messages/decode";
import { exportRecords, toJson, toNdjson, type ExportableMessage } from "@/lib/messages/export";

/** Saves messages as a JSON or NDJSON file through the browser; returns how many were written. */
export function downloadMessages<M extends ExportableMessage>(
  queue: string,
  messages: M[],
  decode: (m: M) => Decoded,
  kind: "json" | "ndjson",
): number {
  const records = exportRecords(messages, decode);
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

import "server-only";
// A tolerant reader for the List Queues answer, for when the SDK cannot read it: its XML parser
// throws on metadata named "constructor", "prototype" or "__proto__" (and renames "toString" and
// other built-ins to "__toString"), so one queue written by another tool would hide them all.
// The answer's shape is fixed and small: names, metadata elements, the next marker.
import type { QueueSummary } from "@/lib/validation/queues";

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!,
  );
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];

/** Metadata as own properties of a plain object, whatever the names (Object.fromEntries never calls setters). */
function readMetadata(xml: string | undefined): Record<string, string> {
  if (!xml) return {};
  const entries: [string, string][] = [];
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)\s*(?:\/>|>([\s\S]*?)<\/\1\s*>)/g))
    entries.push([m[1]!, unescapeXml(m[2] ?? "")]);
  return Object.fromEntries(entries);
}

export function parseQueueListXml(xml: string): { queues: QueueSummary[]; next: string | undefined } {
  const queues: QueueSummary[] = [];
  for (const [, body] of xml.matchAll(/<Queue>([\s\S]*?)<\/Queue>/g)) {
    queues.push({
      name: unescapeXml(element(body!, "Name") ?? ""),
      metadata: readMetadata(element(body!, "Metadata")),
    });
  }
  const next = element(xml, "NextMarker");
  return { queues, next: next ? unescapeXml(next) : undefined };
}

/** The raw List Queues body of an answer the SDK received but could not parse, if that is what failed. */
export function unparsedListBody(err: unknown): string | undefined {
  const e = err as { code?: unknown; statusCode?: unknown; response?: { bodyAsText?: unknown } } | null;
  if (e?.code !== "PARSE_ERROR" || e.statusCode !== 200) return undefined;
  const body = e.response?.bodyAsText;
  return typeof body === "string" && body.includes("<EnumerationResults") ? body : undefined;
}

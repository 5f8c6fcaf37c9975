// The filter over messages already loaded in the browser (peeked or deep-browsed).
import type { Decoded } from "./decode";
import { matchesCondition, parseCondition, type Condition } from "./json-condition";

export interface MessageFilter {
  /** Substring of the id or the searchable text (below), case-insensitive. */
  text: string;
  /** A JSONPath condition such as `$.error == "Timeout"` (see json-condition.ts). */
  json: string;
  dequeueCountAtLeast: number | null;
  /** Seconds: only messages inserted at least this long ago. */
  olderThan: number | null;
}

export const EMPTY_FILTER: MessageFilter = { text: "", json: "", dequeueCountAtLeast: null, olderThan: null };

export function isFilterActive(f: MessageFilter): boolean {
  return f.text.trim() !== "" || f.json.trim() !== "" || f.dequeueCountAtLeast !== null || f.olderThan !== null;
}

/** What filtering needs of a message, worked out once per load rather than per keystroke. */
export interface FilterableMessage {
  id: string;
  dequeueCount: number;
  insertedAt: number;
  /** The id and the searchable text, lower-cased. */
  haystack: string;
  /** The decoded text parsed as JSON, or undefined when it is not JSON. */
  json: () => unknown;
}

/**
 * What a text search looks in, for this filter and for the server's `where.contains` alike: the
 * decoded text as the inspector shows it. A binary payload has none: its hex dump is a view of the
 * bytes, not text. The filter also looks at the message id, which the server's search does not.
 */
export function searchableText(decoded: Pick<Decoded, "format" | "text">): string {
  return decoded.format === "binary" ? "" : decoded.text;
}

export type CompiledFilter = { ok: true; test: (m: FilterableMessage) => boolean } | { ok: false; error: string };

export function compileFilter(f: MessageFilter, now: number): CompiledFilter {
  let condition: Condition | null = null;
  if (f.json.trim()) {
    const parsed = parseCondition(f.json);
    if (!parsed.ok) return parsed;
    condition = parsed.condition;
  }
  const needle = f.text.trim().toLowerCase();
  const insertedBefore = f.olderThan === null ? null : now - f.olderThan * 1000;
  return {
    ok: true,
    test: (m) =>
      (f.dequeueCountAtLeast === null || m.dequeueCount >= f.dequeueCountAtLeast) &&
      (insertedBefore === null || m.insertedAt <= insertedBefore) &&
      (!needle || m.haystack.includes(needle)) &&
      (condition === null || matchesCondition(m.json(), condition)),
  };
}

/** A lazily parsed JSON document: parsing 5,000 messages only happens when a condition asks. */
export function lazyJson(text: string): () => unknown {
  let parsed: { value: unknown } | null = null;
  return () => {
    if (!parsed) {
      try {
        parsed = { value: JSON.parse(text) };
      } catch {
        parsed = { value: undefined };
      }
    }
    return parsed.value;
  };
}

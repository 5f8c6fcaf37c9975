// Characters XML 1.0 cannot carry: the queue service speaks XML, so real Azure refuses a message
// holding one and Azurite stores it and then fails every peek of that queue. Refused up front.
import type { z } from "./zod";

const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Index (UTF-16) of the first character a queue message cannot hold, or -1. */
export function firstUnstorableIndex(text: string): number {
  return text.search(UNSTORABLE);
}

/** Names the first character a message cannot hold, or null when every character is fine. */
export function unstorableTextMessage(text: string): string | null {
  const index = firstUnstorableIndex(text);
  if (index < 0) return null;
  const code = text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  return `The character at index ${index} (U+${code}) cannot be stored in a queue message: control characters other than tab, line feed and carriage return, and U+FFFE and U+FFFF, are refused. Choose Base64 encoding to send such bytes.`;
}

/** Adds the issue for `text` at `path`, for superRefine in the schemas of send, import, update and move. */
export function checkStorableText(text: string, ctx: z.core.$RefinementCtx, path: PropertyKey[]): void {
  const message = unstorableTextMessage(text);
  if (message) ctx.addIssue({ code: "custom", path, message, params: { index: firstUnstorableIndex(text) } });
}

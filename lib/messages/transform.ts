// The optional edit a move applies to every message. Base64 messages are decoded, edited and
// encoded again, so the target gets the same kind of payload the producer wrote.
import type { Transform } from "@/lib/validation/jobs";
import { decodeMessage, textToBase64 } from "./decode";

function setPath(target: unknown, path: string, value: unknown): unknown {
  if (target === null || typeof target !== "object" || Array.isArray(target))
    throw new Error("The message is not a JSON object.");
  const [head, ...rest] = path.split(".");
  const obj = target as Record<string, unknown>;
  return { ...obj, [head!]: rest.length ? setPath(obj[head!] ?? {}, rest.join("."), value) : value };
}

/** Applies a transform to a raw message; throws when it cannot apply (the message is then left alone). */
export function applyTransform(raw: string, transform: Transform): string {
  const decoded = decodeMessage(raw);
  let text = decoded.text;
  if (transform.kind === "replace") {
    text = text.split(transform.find).join(transform.replace);
  } else {
    if (decoded.format !== "json") throw new Error("The message is not JSON.");
    text = JSON.stringify(setPath(JSON.parse(text), transform.path, transform.value));
  }
  return decoded.encoding === "base64" ? textToBase64(text) : text;
}

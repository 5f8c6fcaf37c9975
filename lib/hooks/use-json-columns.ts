"use client";
import { useStoredValue } from "./use-stored-value";

const readColumns = (raw: unknown) =>
  Array.isArray(raw) ? raw.filter((c): c is string => typeof c === "string").slice(0, 8) : null;
const NONE: string[] = [];

/** The JSON fields shown as columns in one queue's message list, remembered in this browser. */
export function useJsonColumns(account: string, queue: string): [string[], (columns: string[]) => void] {
  const [columns, store] = useStoredValue(`queuescope:columns:${account}:${queue}`, NONE, readColumns);
  return [columns, (next) => store(next.length ? next : null)];
}

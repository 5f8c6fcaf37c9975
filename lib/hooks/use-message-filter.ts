"use client";
import { useCallback } from "react";
import { EMPTY_FILTER, isFilterActive, type MessageFilter } from "@/lib/messages/list-filter";
import { useStoredValue } from "./use-stored-value";

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null);

function readFilter(raw: unknown): MessageFilter | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  return {
    text: typeof r.text === "string" ? r.text : "",
    json: typeof r.json === "string" ? r.json : "",
    dequeueCountAtLeast: num(r.dequeueCountAtLeast),
    olderThan: num(r.olderThan),
  };
}

/**
 * The Messages tab's filter, one per queue. It is remembered in this browser (so it survives a
 * reload); this hook is the one place that knows where it lives, so it can move to the URL.
 */
export function useMessageFilter(account: string, queue: string): { filter: MessageFilter; setFilter: (patch: Partial<MessageFilter>) => void; clear: () => void } {
  const [filter, store] = useStoredValue(`queuescope:filter:${account}:${queue}`, EMPTY_FILTER, readFilter);
  const setFilter = useCallback(
    (patch: Partial<MessageFilter>) => {
      const next = { ...filter, ...patch };
      store(isFilterActive(next) ? next : null);
    },
    [filter, store],
  );
  const clear = useCallback(() => store(null), [store]);
  return { filter, setFilter, clear };
}

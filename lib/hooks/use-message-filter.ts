"use client";
import { useQueryStates } from "nuqs";
import { useCallback } from "react";
import type { MessageFilter } from "@/lib/messages/list-filter";
import { queuePageParams } from "@/lib/url-state";

const params = {
  search: queuePageParams.search,
  json: queuePageParams.json,
  deq: queuePageParams.deq,
  older: queuePageParams.older,
};
const nonNegative = (v: number | null) => (v !== null && Number.isFinite(v) && v >= 0 ? v : null);

/**
 * The Messages tab's filter. It lives in the URL (`?search=&json=&deq=&older=`), so a reload,
 * back/forward and a shared link show the same view; the page belongs to one queue, so the URL is
 * per queue already.
 */
export function useMessageFilter(): {
  filter: MessageFilter;
  setFilter: (patch: Partial<MessageFilter>) => void;
  clear: () => void;
} {
  const [state, setState] = useQueryStates(params);
  const filter: MessageFilter = {
    text: state.search,
    json: state.json,
    dequeueCountAtLeast: nonNegative(state.deq),
    olderThan: nonNegative(state.older),
  };
  const setFilter = useCallback(
    (patch: Partial<MessageFilter>) =>
      void setState({
        ...("text" in patch ? { search: patch.text ?? "" } : {}),
        ...("json" in patch ? { json: patch.json ?? "" } : {}),
        ...("dequeueCountAtLeast" in patch ? { deq: patch.dequeueCountAtLeast ?? null } : {}),
        ...("olderThan" in patch ? { older: patch.olderThan ?? null } : {}),
      }),
    [setState],
  );
  const clear = useCallback(() => void setState({ search: "", json: "", deq: null, older: null }), [setState]);
  return { filter, setFilter, clear };
}

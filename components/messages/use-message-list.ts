"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useDecodePreference } from "@/lib/hooks/use-decode-preference";
import { useMessageFilter } from "@/lib/hooks/use-message-filter";
import { usePeekMessages } from "@/lib/hooks/use-messages";
import { decodeMessage, type DecodeChoice, type Decoded } from "@/lib/messages/decode";
import { compileFilter, lazyJson, searchableText, type FilterableMessage } from "@/lib/messages/list-filter";
import { refreshReceived } from "@/lib/messages/refresh-received";
import { pruneSelection, selectAll, selectRange, toggleOne } from "@/lib/messages/selection";
import type { MessageDto, ReceivedMessageDto } from "@/lib/validation/messages";

/** A row of the list: peeked (no pop receipt, read-only) or received by deep browse (actionable). */
export type ListMessage = MessageDto & { popReceipt?: string; nextVisibleOn?: string };
export const isReceived = (m: ListMessage): m is ReceivedMessageDto => typeof m.popReceipt === "string";

export interface ListRow {
  message: ListMessage;
  decoded: Decoded;
  filterable: FilterableMessage;
}

/**
 * The Messages tab's state: one list of peeked and received messages (a received copy replaces
 * the peeked one), decoded as the user chose, filtered, and the selection over it.
 */
export function useMessageList(account: string, queue: string) {
  const peek = usePeekMessages(account, queue);
  const [received, setReceived] = useState<ReceivedMessageDto[]>([]);
  const [visibleAgainAt, setVisibleAgainAt] = useState<Date | null>(null);
  const [overrides, setOverrides] = useState<Record<string, DecodeChoice>>({});
  const [queueChoice, setQueueChoice] = useDecodePreference(account, queue);
  const { filter, setFilter, clear: clearFilter } = useMessageFilter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);

  const messages = useMemo(() => {
    const ids = new Set(received.map((m) => m.id));
    const merged: ListMessage[] = [...received, ...(peek.data ?? []).filter((m) => !ids.has(m.id))];
    return merged.sort((a, b) => a.insertedOn.localeCompare(b.insertedOn));
  }, [received, peek.data]);

  const rows = useMemo(
    () =>
      messages.map((message): ListRow => {
        const choice = overrides[message.id] ?? queueChoice;
        const decoded = choice === "auto" ? message.decoded : decodeMessage(message.text, choice);
        const haystack = `${message.id}\n${searchableText(decoded)}`.toLowerCase();
        const filterable = {
          id: message.id,
          dequeueCount: message.dequeueCount,
          insertedAt: Date.parse(message.insertedOn),
          haystack,
          json: lazyJson(decoded.format === "json" ? decoded.text : ""),
        };
        return { message, decoded, filterable };
      }),
    [messages, overrides, queueChoice],
  );
  // Ages move on while the page is open: "older than 5 min" is worked out again every 30 s.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const compiled = useMemo(() => compileFilter(filter, now), [filter, now]);
  const shown = useMemo(() => (compiled.ok ? rows.filter((r) => compiled.test(r.filterable)) : rows), [rows, compiled]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.message.id, r])), [rows]);
  const selectable = useCallback(
    (id: string) => {
      const row = byId.get(id);
      return row !== undefined && isReceived(row.message);
    },
    [byId],
  );
  // Only what is in view counts as selected: a bulk delete never reaches a row the filter hides.
  const liveSelection = useMemo(
    () => pruneSelection(selected, new Set(shown.map((r) => r.message.id))),
    [selected, shown],
  );

  return {
    peek,
    rows,
    shown,
    byId,
    received,
    visibleAgainAt,
    filter,
    filterError: compiled.ok ? null : compiled.error,
    setFilter,
    clearFilter,
    queueChoice,
    setQueueChoice,
    choiceFor: (id: string) => overrides[id] ?? queueChoice,
    setOverride: (id: string, c: DecodeChoice) => setOverrides((o) => ({ ...o, [id]: c })),
    selected: liveSelection,
    selectedMessages: () => received.filter((m) => liveSelection.has(m.id)),
    selectable,
    toggle: (id: string, range: boolean) => {
      setSelected((s) =>
        range
          ? selectRange(
              s,
              shown.map((r) => r.message.id),
              anchor,
              id,
              selectable,
            )
          : toggleOne(s, id, selectable),
      );
      setAnchor(id);
    },
    selectAllShown: () =>
      setSelected(
        selectAll(
          shown.map((r) => r.message.id),
          selectable,
        ),
      ),
    clearSelection: () => setSelected(new Set()),
    /** Deep browse results join the list; they are the rows that can be acted on. */
    addReceived: (ms: ReceivedMessageDto[], until: Date | null) => {
      setReceived((r) => [...r.filter((x) => !ms.some((m) => m.id === x.id)), ...ms]);
      if (until) setVisibleAgainAt(until);
    },
    replaceReceived: (m: ReceivedMessageDto) => setReceived((r) => r.map((x) => (x.id === m.id ? m : x))),
    /** Messages received and released elsewhere (a find): rows already held take their new receipts. */
    refreshReceived: (ms: readonly ReceivedMessageDto[]) => setReceived((r) => refreshReceived(r, ms)),
    /** Rows deleted, moved or returned: their receipts are spent, so they leave the received set. */
    dropReceived: (ids: readonly string[]) => {
      const gone = new Set(ids);
      setReceived((r) => r.filter((m) => !gone.has(m.id)));
      setSelected((s) => new Set([...s].filter((id) => !gone.has(id))));
    },
    forgetReceived: () => {
      setReceived([]);
      setVisibleAgainAt(null);
      setSelected(new Set());
    },
  };
}

export type MessageList = ReturnType<typeof useMessageList>;

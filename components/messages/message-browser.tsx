"use client";
import { useQueryStates } from "nuqs";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useDecodePreference } from "@/lib/hooks/use-decode-preference";
import { usePeekMessages } from "@/lib/hooks/use-messages";
import { decodeMessage, type DecodeChoice, type Decoded } from "@/lib/messages/decode";
import { parentOf } from "@/lib/queues/table";
import { queuePageParams } from "@/lib/url-state";
import type { AccountDto } from "@/lib/validation/accounts";
import type { MessageDto, ReceivedMessageDto } from "@/lib/validation/messages";
import { MoveSelectedBar } from "@/components/jobs/move-selected-bar";
import type { QueueDetail } from "@/lib/validation/queues";
import { MessageActions } from "./message-actions";
import { MessageInspector } from "./message-inspector";
import { MessageTable } from "./message-table";
import { ReceivePanel } from "./receive-panel";

export function MessageBrowser({ account, detail }: { account: AccountDto; detail: QueueDetail }) {
  const queue = detail.name;
  const peek = usePeekMessages(account.id, queue);
  const [deep, setDeep] = useState<{ messages: ReceivedMessageDto[]; visibleAgainAt: Date } | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [{ msg: selectedId, search }, setView] = useQueryStates({ msg: queuePageParams.msg, search: queuePageParams.search });
  const setSelectedId = (msg: string | null) => void setView({ msg });
  const setSearch = (value: string) => void setView({ search: value });
  const [overrides, setOverrides] = useState<Record<string, DecodeChoice>>({});
  const [queueChoice, setQueueChoice] = useDecodePreference(account.id, queue);

  const messages = useMemo(() => deep?.messages ?? peek.data ?? [], [deep, peek.data]);
  const decoded = useMemo(() => {
    const byId = new Map<string, Decoded>();
    for (const m of messages) {
      const choice = overrides[m.id] ?? queueChoice;
      byId.set(m.id, choice === "auto" ? m.decoded : decodeMessage(m.text, choice));
    }
    return byId;
  }, [messages, overrides, queueChoice]);
  const decode = (m: MessageDto) => decoded.get(m.id) ?? m.decoded;
  const needle = search.trim().toLowerCase();
  const shown = needle ? messages.filter((m) => m.id.includes(needle) || m.text.toLowerCase().includes(needle) || decode(m).text.toLowerCase().includes(needle)) : messages;
  const selected = messages.find((m) => m.id === selectedId) ?? null;

  return (
    <div className="space-y-4">
      <MessageActions
        account={account}
        detail={detail}
        loaded={shown}
        decode={decode}
        poison={parentOf(queue) !== null}
        onDeepLoaded={(ms, at) => { setDeep({ messages: ms, visibleAgainAt: at }); setSelectedId(null); setPicked(new Set()); }}
      />
      <div className="flex flex-wrap items-end gap-3">
        <label className="min-w-56 flex-1 text-sm">
          <span className="mb-1 block font-medium">Search loaded messages</span>
          <input type="search" data-page-filter aria-keyshortcuts="/" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="text, decoded text or id" className={`${inputClass} border-border`} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Decode this queue as</span>
          <select value={queueChoice} onChange={(e) => setQueueChoice(e.target.value as DecodeChoice)} className={`${inputClass} border-border`}>
            <option value="auto">Auto (base64 only when it decodes to text)</option>
            <option value="text">Stored text</option>
            <option value="base64">Base64</option>
          </select>
        </label>
        {deep ? (
          <Button onClick={() => setDeep(null)}>Back to peek</Button>
        ) : (
          <Button onClick={() => void peek.refetch()} disabled={peek.isFetching}>{peek.isFetching ? "Peeking…" : "Peek again"}</Button>
        )}
      </div>
      <p className="text-sm text-muted" aria-live="polite">
        {deep
          ? `Deep browse: ${deep.messages.length} messages loaded; they become visible to consumers again at ${deep.visibleAgainAt.toLocaleTimeString()}.`
          : `Peek: the first ${messages.length} of ~${detail.approximateMessagesCount.toLocaleString()} messages, without changing them.`}
        {needle ? ` ${shown.length} match “${search}”.` : ""}
      </p>
      {!deep && account.can.operate && parentOf(queue) && detail.approximateMessagesCount > messages.length ? (
        <p className="rounded-md border border-warn bg-warn-bg px-3 py-2 text-sm">
          This poison queue holds about {detail.approximateMessagesCount.toLocaleString()} messages and a peek shows {messages.length}.
          Nothing consumes a poison queue, so <strong>Deep browse</strong> can load them all safely.
        </p>
      ) : null}
      {peek.error && !deep ? (
        <ErrorState title="Could not peek messages" message={peek.error.message} onRetry={() => void peek.refetch()} />
      ) : peek.isPending && !deep ? (
        <p role="status" aria-busy="true" className="py-6 text-center text-muted">Peeking…</p>
      ) : messages.length === 0 ? (
        <EmptyState title="No visible messages">
          The queue is empty, or its messages are invisible (received by a consumer, or sent with a delay). The approximate count includes invisible ones.
        </EmptyState>
      ) : (
        <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <div className="space-y-2">
            {deep && account.can.operate ? (
              <MoveSelectedBar
                account={account.id}
                source={queue}
                selected={deep.messages.filter((m) => picked.has(m.id))}
                onStarted={() => {
                  setDeep({ ...deep, messages: deep.messages.filter((m) => !picked.has(m.id)) });
                  setPicked(new Set());
                }}
              />
            ) : null}
            <MessageTable
              messages={shown}
              decode={decode}
              selectedId={selectedId}
              onSelect={setSelectedId}
              picked={deep && account.can.operate ? picked : undefined}
              onPick={deep && account.can.operate ? (id, on) => setPicked((p) => { const next = new Set(p); if (on) next.add(id); else next.delete(id); return next; }) : undefined}
            />
          </div>
          {selected ? (
            <MessageInspector
              message={selected}
              decoded={decode(selected)}
              choice={overrides[selected.id] ?? queueChoice}
              onChoice={(c) => setOverrides((o) => ({ ...o, [selected.id]: c }))}
              remembered={(overrides[selected.id] ?? queueChoice) === queueChoice}
              onRemember={() => setQueueChoice(overrides[selected.id] ?? queueChoice)}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">Choose a message to inspect it.</p>
          )}
        </div>
      )}
      {!account.can.operate ? null : <ReceivePanel account={account.id} queue={queue} />}
    </div>
  );
}

"use client";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { DecodeChoice } from "@/lib/messages/decode";
import { MessageColumns } from "./message-columns";
import type { useMessageList } from "./use-message-list";

interface Props {
  list: ReturnType<typeof useMessageList>;
  columns: string[];
  onColumns: (columns: string[]) => void;
}

/** Above the list: the JSON columns, how the queue decodes, and peeking again. */
export function MessageToolbar({ list, columns, onColumns }: Props) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <MessageColumns rows={list.rows} columns={columns} onChange={onColumns} />
      <div className="flex flex-wrap items-end gap-2">
        <label className="min-w-0 text-sm">
          <span className="mb-1 block font-medium">Decode this queue as</span>
          <select
            value={list.queueChoice}
            onChange={(e) => list.setQueueChoice(e.target.value as DecodeChoice)}
            className={`${inputClass} max-w-full border-border`}
          >
            <option value="auto">Auto (base64 only when it decodes to text)</option>
            <option value="text">Stored text</option>
            <option value="base64">Base64</option>
          </select>
        </label>
        {list.received.length ? <Button onClick={list.forgetReceived}>Back to peek</Button> : null}
        <Button onClick={() => void list.peek.refetch()} disabled={list.peek.isFetching}>
          {list.peek.isFetching ? "Peeking…" : "Peek again"}
        </Button>
      </div>
    </div>
  );
}

"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useDeleteMessage } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { MessageEditor } from "./message-editor";
import { formatTime } from "@/lib/format";

interface Props {
  account: string;
  queue: string;
  message: ReceivedMessageDto;
  onChange: (m: ReceivedMessageDto) => void;
  onDeleted: () => void;
}

/** One received message: delete it, or edit content and/or visibility with its current pop receipt. */
export function ReceivedMessage({ account, queue, message, onChange, onDeleted }: Props) {
  const [editing, setEditing] = useState(false);
  const del = useDeleteMessage(account, queue);

  return (
    <li className="space-y-2 rounded-md border border-border p-3" aria-label={`Received message ${message.id}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
        <span className="font-mono">{message.id}</span>
        <span>
          dequeued {message.dequeueCount}× · invisible until {formatTime(message.nextVisibleOn)}
        </span>
      </div>
      {editing ? (
        <MessageEditor
          account={account}
          queue={queue}
          message={message}
          onSaved={(m) => {
            onChange(m);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-surface-2 p-2 font-mono text-xs">
            {message.decoded.text}
          </pre>
          <div className="flex gap-2">
            <Button onClick={() => setEditing(true)}>Edit</Button>
            <Button
              variant="danger"
              disabled={del.isPending}
              onClick={() => del.mutate({ id: message.id, popReceipt: message.popReceipt }, { onSuccess: onDeleted })}
            >
              {del.isPending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </>
      )}
      {del.error ? (
        <p role="alert" className="text-sm text-danger">
          {del.error.message}
        </p>
      ) : null}
    </li>
  );
}

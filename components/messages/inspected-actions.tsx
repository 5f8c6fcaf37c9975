"use client";
import { useState } from "react";
import { MoveSelectedBar } from "@/components/jobs/move-selected-bar";
import { Button } from "@/components/ui/button";
import { useDeleteMessage } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { FindMessage } from "./find-message";
import { MessageEditor } from "./message-editor";
import { isReceived, type ListMessage } from "./use-message-list";
import { formatTime } from "@/lib/format";

interface Props {
  account: string;
  queue: string;
  message: ListMessage;
  onReceived: (m: ReceivedMessageDto) => void;
  /** Fresh receipts for messages a find returned to the queue (see FindMessage). */
  onReleased: (ms: ReceivedMessageDto[]) => void;
  onChanged: (m: ReceivedMessageDto) => void;
  /** The message left the list (deleted or moved); the hooks have already said so in a toast. */
  onGone: (id: string) => void;
  onStatus: (s: string) => void;
  onDeepBrowse?: () => void;
}

/** Edit, delete or move the inspected message; a peeked one is found (received) first. */
export function InspectedActions(props: Props) {
  const { account, queue, message, onChanged, onGone } = props;
  const [mode, setMode] = useState<"idle" | "edit" | "move" | "find">("idle");
  const del = useDeleteMessage(account, queue);

  if (!isReceived(message)) {
    return (
      <div
        role="group"
        aria-label="Act on this message"
        className="space-y-2 rounded-md border border-border p-3 text-sm"
      >
        <p>
          This message was only peeked. To edit, delete or move it, Queuescope must receive it first, which needs a pop
          receipt.
        </p>
        {mode === "find" ? (
          <FindMessage
            account={account}
            queue={queue}
            id={message.id}
            onReceived={props.onReceived}
            onReleased={props.onReleased}
            onStatus={props.onStatus}
            onDeepBrowse={props.onDeepBrowse}
            onCancel={() => setMode("idle")}
          />
        ) : (
          <Button onClick={() => setMode("find")}>Find and receive this message…</Button>
        )}
      </div>
    );
  }

  return (
    <div
      role="group"
      aria-label="Act on this message"
      className="space-y-2 rounded-md border border-border p-3 text-sm"
    >
      <p className="text-xs text-muted">Received: hidden from consumers until {formatTime(message.nextVisibleOn)}.</p>
      {mode === "edit" ? (
        <MessageEditor
          account={account}
          queue={queue}
          message={message}
          onSaved={(m) => {
            onChanged(m);
            setMode("idle");
          }}
          onCancel={() => setMode("idle")}
        />
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => setMode("edit")}>Edit</Button>
          <Button onClick={() => setMode(mode === "move" ? "idle" : "move")} aria-expanded={mode === "move"}>
            Move…
          </Button>
          <Button
            variant="danger"
            disabled={del.isPending}
            onClick={() =>
              del.mutate({ id: message.id, popReceipt: message.popReceipt }, { onSuccess: () => onGone(message.id) })
            }
          >
            {del.isPending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      )}
      {mode === "move" ? (
        <MoveSelectedBar account={account} source={queue} selected={[message]} onStarted={() => onGone(message.id)} />
      ) : null}
      {del.error ? (
        <p role="alert" className="text-danger">
          {del.error.message}
        </p>
      ) : null}
    </div>
  );
}

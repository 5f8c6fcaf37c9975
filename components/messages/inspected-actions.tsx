"use client";
import { useState } from "react";
import { MoveSelectedBar } from "@/components/jobs/move-selected-bar";
import { Button } from "@/components/ui/button";
import { FIND_VISIBILITY_SECONDS, useDeleteMessage, useFindMessage } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { MessageEditor } from "./message-editor";
import { isReceived, type ListMessage } from "./use-message-list";
import { formatTime } from "@/lib/format";

interface Props {
  account: string;
  queue: string;
  message: ListMessage;
  onReceived: (m: ReceivedMessageDto) => void;
  onChanged: (m: ReceivedMessageDto) => void;
  /** The message left the list (deleted or moved); the hooks have already said so in a toast. */
  onGone: (id: string) => void;
  onStatus: (s: string) => void;
}

/** Edit, delete or move the inspected message; a peeked one is found (received) first. */
export function InspectedActions({ account, queue, message, onReceived, onChanged, onGone, onStatus }: Props) {
  const [mode, setMode] = useState<"idle" | "edit" | "move" | "find">("idle");
  const del = useDeleteMessage(account, queue);
  const find = useFindMessage(account, queue);

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
          <div role="note" className="space-y-2 rounded-md border border-warn bg-warn-bg p-3">
            <p>
              Queuescope receives messages from the head of the queue, hidden for {FIND_VISIBILITY_SECONDS} s, until
              this one appears, then returns the others at once (visibility 0).
              <strong>
                {" "}
                Every message received on the way, this one included, has its dequeue count raised by one
              </strong>
              , and consumers cannot see them for a moment.
            </p>
            <div className="flex gap-2">
              <Button
                variant="primary"
                disabled={find.isPending}
                onClick={() =>
                  void find.mutateAsync(message.id).then(
                    ({ found, released }) => {
                      // The refreshed peek no longer shows the message while it is hidden, which unmounts
                      // this panel until the received copy joins the list: the parent's callbacks still run.
                      if (found) onReceived(found);
                      onStatus(
                        found
                          ? `Received ${message.id} (${released} other messages returned at once). It is hidden from consumers for ${FIND_VISIBILITY_SECONDS} s while you act on it.`
                          : `Did not find ${message.id} among ${released} visible messages: a consumer may have received or deleted it. Peek again.`,
                      );
                    },
                    () => undefined,
                  )
                }
              >
                {find.isPending ? "Receiving…" : "Receive it to act on it"}
              </Button>
              <Button onClick={() => setMode("idle")}>Cancel</Button>
            </div>
          </div>
        ) : (
          <Button onClick={() => setMode("find")}>Find and receive this message…</Button>
        )}
        {find.error ? (
          <p role="alert" className="text-danger">
            {find.error.message}
          </p>
        ) : null}
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

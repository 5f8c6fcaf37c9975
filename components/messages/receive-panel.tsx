"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useReceiveMessages } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { ReceivedMessage } from "./received-message";

/** Dequeue: receive messages with a visibility timeout, then delete or edit each one. */
export function ReceivePanel({ account, queue }: { account: string; queue: string }) {
  const [count, setCount] = useState("1");
  const [visibility, setVisibility] = useState("60");
  const [received, setReceived] = useState<ReceivedMessageDto[]>([]);
  const receive = useReceiveMessages(account, queue);

  return (
    <Panel title="Dequeue">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          receive.mutate(
            { count: Number(count), visibilityTimeout: Number(visibility) },
            { onSuccess: (ms) => setReceived((r) => [...ms, ...r.filter((x) => !ms.some((m) => m.id === x.id))]) },
          );
        }}
      >
        <Field
          label="Messages (1–32)"
          type="number"
          min={1}
          max={32}
          value={count}
          onChange={(e) => setCount(e.target.value)}
          className="w-36"
        />
        <Field
          label="Visibility timeout (s)"
          type="number"
          min={1}
          max={604800}
          value={visibility}
          onChange={(e) => setVisibility(e.target.value)}
          className="w-44"
        />
        <Button type="submit" variant="primary" disabled={receive.isPending}>
          {receive.isPending ? "Receiving…" : "Receive"}
        </Button>
      </form>
      <p className="mt-2 text-xs text-muted">
        Receiving hides the messages from other consumers until the timeout and raises their dequeue count by one.
      </p>
      {receive.error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {receive.error.message}
        </p>
      ) : null}
      {receive.isSuccess && received.length === 0 ? (
        <p role="status" className="mt-2 text-sm text-muted">
          No visible messages to receive.
        </p>
      ) : null}
      <ul className="mt-3 space-y-2" aria-label="Received messages">
        {received.map((m) => (
          <ReceivedMessage
            key={m.id}
            account={account}
            queue={queue}
            message={m}
            onChange={(next) => setReceived((r) => r.map((x) => (x.id === next.id ? next : x)))}
            onDeleted={() => setReceived((r) => r.filter((x) => x.id !== m.id))}
          />
        ))}
      </ul>
    </Panel>
  );
}

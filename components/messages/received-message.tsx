"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useDeleteMessage, useUpdateMessage } from "@/lib/hooks/use-messages";
import { byteLength, decodeMessage, textToBase64 } from "@/lib/messages/decode";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

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
  const [text, setText] = useState(message.decoded.format === "binary" ? message.text : message.decoded.text);
  const [encoding, setEncoding] = useState<"text" | "base64">(message.decoded.encoding);
  const [visibility, setVisibility] = useState("0");
  const update = useUpdateMessage(account, queue);
  const del = useDeleteMessage(account, queue);
  const error = update.error ?? del.error;

  return (
    <li className="space-y-2 rounded-md border border-border p-3" aria-label={`Received message ${message.id}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
        <span className="font-mono">{message.id}</span>
        <span>dequeued {message.dequeueCount}× · invisible until {new Date(message.nextVisibleOn).toLocaleTimeString()}</span>
      </div>
      {editing ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate(
              { id: message.id, popReceipt: message.popReceipt, text, encoding, visibilityTimeout: Number(visibility) },
              {
                onSuccess: (r) => {
                  const stored = encoding === "base64" ? textToBase64(text) : text;
                  onChange({ ...message, popReceipt: r.popReceipt, nextVisibleOn: r.nextVisibleOn, text: stored, size: byteLength(stored), decoded: decodeMessage(stored) });
                  setEditing(false);
                },
              },
            );
          }}
        >
          <textarea aria-label="Message content" value={text} onChange={(e) => setText(e.target.value)} rows={5} className={`${inputClass} border-border font-mono text-xs`} />
          <div className="flex flex-wrap items-end gap-3 text-sm">
            <label className="flex items-center gap-1.5"><input type="radio" checked={encoding === "text"} onChange={() => setEncoding("text")} /> Plain</label>
            <label className="flex items-center gap-1.5"><input type="radio" checked={encoding === "base64"} onChange={() => setEncoding("base64")} /> Base64</label>
            <Field label="Visible again in (s)" type="number" min={0} value={visibility} onChange={(e) => setVisibility(e.target.value)} className="w-40" />
            <Button type="submit" variant="primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save"}</Button>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <>
          <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-surface-2 p-2 font-mono text-xs">{message.decoded.text}</pre>
          <div className="flex gap-2">
            <Button onClick={() => setEditing(true)}>Edit</Button>
            <Button variant="danger" disabled={del.isPending} onClick={() => del.mutate({ id: message.id, popReceipt: message.popReceipt }, { onSuccess: onDeleted })}>
              {del.isPending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </>
      )}
      {error ? <p role="alert" className="text-sm text-danger">{error.message}</p> : null}
    </li>
  );
}

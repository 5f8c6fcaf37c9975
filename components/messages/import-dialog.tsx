"use client";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, type QueueDialogProps } from "@/components/ui/dialog";
import { byteLength, MAX_MESSAGE_BYTES, textToBase64 } from "@/lib/messages/decode";
import { parseImport, type ImportResult } from "@/lib/messages/import";
import { useStartImport } from "@/lib/hooks/use-jobs";
import { bulkSendSchema, MAX_IMPORT_BYTES } from "@/lib/validation/jobs";

export function ImportDialog({ account, queue, open, onClose }: QueueDialogProps) {
  const [file, setFile] = useState<{ name: string; result: ImportResult } | null>(null);
  const [encoding, setEncoding] = useState<"text" | "base64">("text");
  const send = useStartImport(account, queue);
  const messages = useMemo(() => file?.result.messages ?? [], [file]);
  // A Queuescope export holds the stored texts: encoding them again would change every message.
  const asStored = file?.result.asStored === true;
  const sendAs = asStored ? "text" : encoding;
  const stored = (m: string) => (sendAs === "base64" ? textToBase64(m) : m);
  const oversized = messages.filter((m) => byteLength(stored(m)) > MAX_MESSAGE_BYTES).length;
  const limitError = useMemo(() => importProblem(messages, sendAs), [messages, sendAs]);
  const running = send.isPending;

  // The server sends them as a job: progress shows in the job toast and on the Jobs page.
  const start = () =>
    send.mutate(
      { messages, encoding: sendAs },
      {
        onSuccess: () => {
          setFile(null);
          onClose();
        },
      },
    );

  return (
    <Dialog
      open={open}
      onClose={() => {
        if (!running) onClose();
      }}
      title={`Import messages into “${queue}”`}
    >
      <div className="space-y-3 text-sm">
        <label className="block">
          <span className="mb-1 block font-medium">
            File: a JSON array, NDJSON (one message per line) or CSV (a “message” column, else the first)
          </span>
          <input
            type="file"
            accept=".json,.ndjson,.jsonl,.csv,.txt,application/json,text/csv"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              send.reset();
              setFile(f ? { name: f.name, result: parseImport(f.name, await f.text()) } : null);
            }}
          />
        </label>
        {file ? (
          <>
            <p>
              <strong>{messages.length}</strong> messages found in {file.name} ({file.result.format.toUpperCase()}).
              {oversized ? (
                <span className="text-danger"> {oversized} are over 64 KiB once encoded and will fail.</span>
              ) : null}
            </p>
            {asStored ? <p>A Queuescope export: each message is sent as it was stored.</p> : null}
            {[...file.result.errors, ...(limitError ? [limitError] : [])].map((e) => (
              <p key={e} role="alert" className="text-danger">
                {e}
              </p>
            ))}
            <ol
              aria-label="Preview"
              className="max-h-48 list-decimal overflow-auto rounded-md bg-surface-2 py-2 pl-8 pr-2 font-mono text-xs"
            >
              {messages.slice(0, 20).map((m, i) => (
                <li key={i} className="truncate">
                  {m}
                </li>
              ))}
              {messages.length > 20 ? (
                <li className="list-none text-muted">… and {messages.length - 20} more</li>
              ) : null}
            </ol>
            <fieldset className="flex gap-4" disabled={asStored}>
              <legend className="mb-1 font-medium">Encoding</legend>
              <label className="flex items-center gap-1.5">
                <input type="radio" checked={sendAs === "text"} onChange={() => setEncoding("text")} /> Plain text
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" checked={sendAs === "base64"} onChange={() => setEncoding("base64")} /> Base64
              </label>
            </fieldset>
          </>
        ) : null}
        {send.error ? (
          <p role="alert" className="text-danger">
            {send.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={running}>
            Cancel
          </Button>
          <Button
            variant="primary"
            disabled={!messages.length || running || file?.result.errors.length !== 0 || limitError !== null}
            onClick={start}
          >
            {running ? "Starting…" : `Send ${messages.length} messages`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** What the server would refuse (the same schema, and its body limit), said before uploading. */
function importProblem(messages: string[], encoding: "text" | "base64"): string | null {
  if (!messages.length) return null;
  const parsed = bulkSendSchema.safeParse({ messages, encoding });
  const issue = parsed.error?.issues[0];
  if (issue)
    return issue.path[0] === "messages" && typeof issue.path[1] === "number"
      ? `Message ${issue.path[1] + 1}: ${issue.message}`
      : issue.message;
  if (byteLength(JSON.stringify({ messages, encoding })) > MAX_IMPORT_BYTES)
    return `The messages come to more than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; split the file.`;
  return null;
}

"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, type QueueDialogProps } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import { useSendMessage } from "@/lib/hooks/use-messages";
import { byteLength, MAX_MESSAGE_BYTES, textToBase64 } from "@/lib/messages/decode";
import { fieldErrors } from "@/lib/validation/field-errors";
import { sendMessageSchema } from "@/lib/validation/messages";
import { DEFAULT_TIMINGS, EncodingChoice, SizeMeter, TimingFields } from "./send-options";

export function SendMessageDialog({ account, queue, open, onClose }: QueueDialogProps) {
  const [text, setText] = useState("");
  const [json, setJson] = useState(false);
  const [encoding, setEncoding] = useState<"text" | "base64">("text");
  const [timings, setTimings] = useState(DEFAULT_TIMINGS);
  const { delay, ttl, never, copies } = timings;
  const send = useSendMessage(account, queue);

  let jsonError: string | undefined;
  if (json && text.trim()) {
    try {
      JSON.parse(text);
    } catch (err) {
      jsonError = `Not valid JSON: ${(err as Error).message}`;
    }
  }
  const encodedSize = byteLength(encoding === "base64" ? textToBase64(text) : text);
  const body = {
    text,
    encoding,
    visibilityTimeout: Number(delay),
    timeToLive: never ? -1 : Number(ttl),
    count: Number(copies),
  };
  const parsed = sendMessageSchema.safeParse(body);
  const fieldError = fieldErrors(parsed.error);
  const tooLarge = encodedSize > MAX_MESSAGE_BYTES;
  const canSend = parsed.success && !jsonError && !tooLarge && !send.isPending;

  return (
    <Dialog open={open} onClose={onClose} title={`Send a message to “${queue}”`}>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!canSend) return;
          send.mutate(parsed.data, {
            onSuccess: () => {
              setText("");
              onClose();
            },
          });
        }}
      >
        <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Editor">
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={!json} onChange={() => setJson(false)} /> Text
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={json} onChange={() => setJson(true)} /> JSON (validated as you type)
          </label>
        </div>
        <textarea
          aria-label="Message body"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={8}
          spellCheck={false}
          aria-invalid={jsonError || fieldError("text") ? true : undefined}
          className={`${inputClass} border-border font-mono`}
        />
        {jsonError ? (
          <p role="alert" className="text-xs text-danger">
            {jsonError}
          </p>
        ) : null}
        {fieldError("text") ? (
          <p role="alert" className="text-xs text-danger">
            {fieldError("text")}
          </p>
        ) : null}
        <SizeMeter bytes={encodedSize} base64={encoding === "base64"} />
        <EncodingChoice value={encoding} onChange={setEncoding} />
        <TimingFields
          value={timings}
          onChange={(patch) => setTimings((t) => ({ ...t, ...patch }))}
          errorAt={fieldError}
        />
        {send.error ? (
          <p role="alert" className="rounded-md bg-danger-bg p-2 text-sm text-danger">
            {send.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!canSend}>
            {send.isPending ? "Sending…" : Number(copies) > 1 ? `Send ${copies} copies` : "Send message"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { useSendMessage } from "@/lib/hooks/use-messages";
import { byteLength, MAX_MESSAGE_BYTES, textToBase64 } from "@/lib/messages/decode";
import { fieldErrors } from "@/lib/validation/field-errors";
import { sendMessageSchema } from "@/lib/validation/messages";
import { formatNumber } from "@/lib/format";

const WEEK = 7 * 24 * 3600;

export function SendMessageDialog({
  account,
  queue,
  open,
  onClose,
}: {
  account: string;
  queue: string;
  open: boolean;
  onClose: () => void;
}) {
  const [text, setText] = useState("");
  const [json, setJson] = useState(false);
  const [encoding, setEncoding] = useState<"text" | "base64">("text");
  const [delay, setDelay] = useState("0");
  const [ttl, setTtl] = useState(String(WEEK));
  const [never, setNever] = useState(false);
  const [copies, setCopies] = useState("1");
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
        <div className="flex items-center gap-2 text-xs">
          <meter
            min={0}
            max={MAX_MESSAGE_BYTES}
            value={Math.min(encodedSize, MAX_MESSAGE_BYTES)}
            high={MAX_MESSAGE_BYTES * 0.9}
            aria-label="Encoded size against the 64 KiB limit"
            className="h-2 w-40"
          />
          <span className={tooLarge ? "font-semibold text-danger" : "text-muted"}>
            {formatNumber(encodedSize)} of {formatNumber(MAX_MESSAGE_BYTES)} bytes{" "}
            {encoding === "base64" ? "after base64" : ""}
            {tooLarge ? ": too large for the service" : ""}
          </span>
        </div>
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 font-medium">Encoding</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="encoding" checked={encoding === "text"} onChange={() => setEncoding("text")} />{" "}
            Plain text
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="encoding"
              checked={encoding === "base64"}
              onChange={() => setEncoding("base64")}
            />{" "}
            Base64 (as Azure Functions expects)
          </label>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field
            label="Visibility delay (s)"
            type="number"
            min={0}
            max={WEEK}
            value={delay}
            onChange={(e) => setDelay(e.target.value)}
            error={fieldError("visibilityTimeout")}
          />
          <div>
            <Field
              label="Time-to-live (s)"
              type="number"
              min={1}
              value={never ? "" : ttl}
              disabled={never}
              onChange={(e) => setTtl(e.target.value)}
              error={fieldError("timeToLive")}
            />
            <label className="mt-1 flex items-center gap-1.5 text-xs">
              <input type="checkbox" checked={never} onChange={(e) => setNever(e.target.checked)} /> Never expires
            </label>
          </div>
          <Field
            label="Copies"
            type="number"
            min={1}
            max={1000}
            value={copies}
            onChange={(e) => setCopies(e.target.value)}
            error={fieldError("count")}
          />
        </div>
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

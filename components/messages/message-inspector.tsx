"use client";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { MAX_MESSAGE_BYTES, prettyPrint, type DecodeChoice, type Decoded } from "@/lib/messages/decode";
import type { MessageDto } from "@/lib/validation/messages";
import { formatDateTime, formatKiB, formatNumber } from "@/lib/format";
import { JsonView } from "./json-view";

interface Props {
  message: MessageDto;
  decoded: Decoded;
  choice: DecodeChoice;
  onChoice: (choice: DecodeChoice) => void;
  onRemember: () => void;
  remembered: boolean;
  /** Edit, delete and move, where the user may change messages. */
  actions?: ReactNode;
  /** Inside a sheet, which draws its own frame. */
  bare?: boolean;
}

export function MessageInspector(props: Props) {
  const { message, decoded, choice, onChoice, onRemember, remembered, actions, bare } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => void navigator.clipboard.writeText(text).then(() => setCopied(what));
  const pretty = prettyPrint(decoded.text, decoded.format);
  return (
    <section
      aria-label="Message inspector"
      className={bare ? "space-y-3" : "space-y-3 rounded-lg border border-border bg-surface p-4"}
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Id</dt>
        <dd className="break-all font-mono">{message.id}</dd>
        <dt className="text-muted">Inserted</dt>
        <dd>{formatDateTime(message.insertedOn)}</dd>
        <dt className="text-muted">Expires</dt>
        <dd>{message.expiresOn.startsWith("9999") ? "never" : formatDateTime(message.expiresOn)}</dd>
        <dt className="text-muted">Dequeue count</dt>
        <dd>{message.dequeueCount}</dd>
        <dt className="text-muted">Size</dt>
        <dd>
          raw {formatKiB(message.size)} of 64 KiB · decoded {formatNumber(decoded.size)} bytes
          <meter
            min={0}
            max={MAX_MESSAGE_BYTES}
            value={message.size}
            high={MAX_MESSAGE_BYTES * 0.9}
            aria-label="Raw size against the 64 KiB limit"
            className="ml-2 h-2 w-24 align-middle"
          />
        </dd>
      </dl>
      {actions}
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Show as</span>
          <select
            value={choice}
            onChange={(e) => onChoice(e.target.value as DecodeChoice)}
            className={`${inputClass} border-border`}
          >
            <option value="auto">
              Auto ({decoded.encoding === "base64" && choice === "auto" ? "base64" : "text"})
            </option>
            <option value="text">Stored text</option>
            <option value="base64">Base64-decoded</option>
          </select>
        </label>
        <Button onClick={onRemember} disabled={remembered}>
          {remembered ? "Remembered for this queue" : "Remember for this queue"}
        </Button>
        <Button onClick={() => copy("raw", message.text)}>{copied === "raw" ? "Copied raw" : "Copy raw"}</Button>
        <Button onClick={() => copy("decoded", pretty)}>
          {copied === "decoded" ? "Copied decoded" : "Copy decoded"}
        </Button>
      </div>
      <p className="text-xs text-muted">
        {decoded.encoding === "base64" ? "Base64-decoded" : "Stored text"} · {decoded.format.toUpperCase()}
        {decoded.format === "binary" ? ` · ${formatNumber(decoded.size)} bytes of binary data, shown as hex` : ""}
      </p>
      <div
        className={`${bare ? "" : "max-h-[60vh] overflow-auto "}rounded-md bg-surface-2 p-3`}
        aria-label="Message content"
      >
        {decoded.format === "json" ? (
          <JsonView text={decoded.text} />
        ) : (
          <pre className="whitespace-pre-wrap break-all font-mono text-xs leading-5">{pretty}</pre>
        )}
      </div>
    </section>
  );
}

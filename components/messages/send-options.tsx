"use client";
import { Field } from "@/components/ui/field";
import { formatNumber } from "@/lib/format";
import { MAX_MESSAGE_BYTES } from "@/lib/messages/decode";

export const WEEK = 7 * 24 * 3600;

/** The send form's numbers as typed (strings, so a field can be empty while edited). */
export interface SendTimings {
  delay: string;
  ttl: string;
  never: boolean;
  copies: string;
}

export const DEFAULT_TIMINGS: SendTimings = { delay: "0", ttl: String(WEEK), never: false, copies: "1" };

interface TimingProps {
  value: SendTimings;
  onChange: (patch: Partial<SendTimings>) => void;
  errorAt: (field: string) => string | undefined;
}

/** Visibility delay, time-to-live (or never) and how many copies. */
export function TimingFields({ value, onChange, errorAt }: TimingProps) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Field
        label="Visibility delay (s)"
        type="number"
        min={0}
        max={WEEK}
        value={value.delay}
        onChange={(e) => onChange({ delay: e.target.value })}
        error={errorAt("visibilityTimeout")}
      />
      <div>
        <Field
          label="Time-to-live (s)"
          type="number"
          min={1}
          value={value.never ? "" : value.ttl}
          disabled={value.never}
          onChange={(e) => onChange({ ttl: e.target.value })}
          error={errorAt("timeToLive")}
        />
        <label className="mt-1 flex items-center gap-1.5 text-xs">
          <input type="checkbox" checked={value.never} onChange={(e) => onChange({ never: e.target.checked })} /> Never
          expires
        </label>
      </div>
      <Field
        label="Copies"
        type="number"
        min={1}
        max={1000}
        value={value.copies}
        onChange={(e) => onChange({ copies: e.target.value })}
        error={errorAt("count")}
      />
    </div>
  );
}

type Encoding = "text" | "base64";

/** Plain text or base64, as the consumer will read it. */
export function EncodingChoice({ value, onChange }: { value: Encoding; onChange: (e: Encoding) => void }) {
  return (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      <legend className="mb-1 font-medium">Encoding</legend>
      <label className="flex items-center gap-1.5">
        <input type="radio" name="encoding" checked={value === "text"} onChange={() => onChange("text")} /> Plain text
      </label>
      <label className="flex items-center gap-1.5">
        <input type="radio" name="encoding" checked={value === "base64"} onChange={() => onChange("base64")} /> Base64
        (as Azure Functions expects)
      </label>
    </fieldset>
  );
}

/** What the message will weigh on the wire against the service's 64 KiB. */
export function SizeMeter({ bytes, base64 }: { bytes: number; base64: boolean }) {
  const tooLarge = bytes > MAX_MESSAGE_BYTES;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <meter
        min={0}
        max={MAX_MESSAGE_BYTES}
        value={Math.min(bytes, MAX_MESSAGE_BYTES)}
        high={MAX_MESSAGE_BYTES * 0.9}
        aria-label="Encoded size against the 64 KiB limit"
        className="h-2 w-40"
      />
      <span className={tooLarge ? "font-semibold text-danger" : "text-muted"}>
        {formatNumber(bytes)} of {formatNumber(MAX_MESSAGE_BYTES)} bytes {base64 ? "after base64" : ""}
        {tooLarge ? ": too large for the service" : ""}
      </span>
    </div>
  );
}

"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, SelectField } from "@/components/ui/field";
import { useDeepBrowse } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

const TIMEOUTS = [30, 60, 120, 300];

/** Deep browse: its warning, its limits and its progress; the receiving is useDeepBrowse's. */
export function DeepBrowseDialog({
  account,
  queue,
  poison,
  open,
  onClose,
  onLoaded,
}: {
  account: string;
  queue: string;
  poison: boolean;
  open: boolean;
  onClose: () => void;
  onLoaded: (messages: ReceivedMessageDto[], visibleAgainAt: Date) => void;
}) {
  const [timeout, setTimeoutS] = useState(60);
  const [max, setMax] = useState("500");
  const [loaded, setLoaded] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const browse = useDeepBrowse(account, queue);
  const running = loaded !== null;

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setLoaded(0);
    const result = await browse.mutateAsync({
      max: Number(max),
      visibilityTimeout: timeout,
      signal: controller.signal,
      onProgress: setLoaded,
    });
    abort.current = null;
    onLoaded(result.messages, result.visibleAgainAt);
    setLoaded(null);
    if (result.error) setError(result.error.message);
    else onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={() => {
        abort.current?.abort();
        onClose();
      }}
      title="Deep browse: receive to see past 32"
    >
      <div className="space-y-3 text-sm">
        <div role="note" className="rounded-md border border-warn bg-warn-bg p-3">
          <p className="font-semibold text-warn">This is not a peek.</p>
          <p className="mt-1">
            Deep browse <strong>receives</strong> the messages: they are hidden from every consumer for the timeout you
            choose, then reappear on their own. Each one&apos;s <strong>dequeue count rises by one</strong>, which can
            push a message past an Azure Functions <code>maxDequeueCount</code> (5 by default) and into the poison
            queue.
            {poison
              ? " On a poison queue nothing consumes the messages, so this is safe."
              : " Prefer this on poison queues, or when consumers are stopped."}
          </p>
        </div>
        <SelectField label="Hide messages for" value={timeout} onChange={(e) => setTimeoutS(Number(e.target.value))}>
          {TIMEOUTS.map((t) => (
            <option key={t} value={t}>
              {t < 60 ? `${t} seconds` : `${t / 60} minute${t > 60 ? "s" : ""}`}
            </option>
          ))}
        </SelectField>
        <Field
          label="Load at most"
          type="number"
          min={32}
          max={5000}
          value={max}
          onChange={(e) => setMax(e.target.value)}
        />
        {loaded !== null ? (
          <div>
            <progress max={Number(max)} value={loaded} aria-label="Deep browse progress" className="h-2 w-full" />
            <p className="text-xs text-muted">{loaded} messages loaded</p>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-danger">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button
            onClick={() => {
              abort.current?.abort();
              onClose();
            }}
          >
            {running ? "Stop" : "Cancel"}
          </Button>
          <Button variant="primary" disabled={running} onClick={() => void start()}>
            Hide and load messages
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

"use client";
import { useId, useState } from "react";
import { DECODE_LABELS } from "@/components/messages/scan-action-picker";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format";
import { DECODE_AS, type DecodeAs } from "@/lib/validation/job-kinds";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { downloadMessages } from "./download";
import type { MessageList } from "./use-message-list";

/** Exports the selected messages as JSON or NDJSON, written raw, decoded or both (as "Export all…"). */
export function SelectionExport({
  queue,
  list,
  chosen,
  onStatus,
}: {
  queue: string;
  list: MessageList;
  chosen: ReceivedMessageDto[];
  onStatus: (s: string) => void;
}) {
  const id = useId();
  const [decodeAs, setDecodeAs] = useState<DecodeAs>("both");
  const exportAs = (kind: "json" | "ndjson") => {
    const decode = (m: ReceivedMessageDto) => list.byId.get(m.id)?.decoded ?? m.decoded;
    const count = downloadMessages(queue, chosen, decode, kind, decodeAs);
    onStatus(`Exported ${plural(count, "message")} as ${kind.toUpperCase()}.`);
  };
  return (
    <span className="flex flex-wrap items-center gap-2">
      <label htmlFor={`${id}-as`} className="text-sm text-muted">
        Export as
      </label>
      <select
        id={`${id}-as`}
        value={decodeAs}
        onChange={(e) => setDecodeAs(e.target.value as DecodeAs)}
        disabled={!chosen.length}
        className="max-w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg"
      >
        {DECODE_AS.map((d) => (
          <option key={d} value={d}>
            {DECODE_LABELS[d]}
          </option>
        ))}
      </select>
      <Button onClick={() => exportAs("json")} disabled={!chosen.length}>
        Export selected JSON
      </Button>
      <Button onClick={() => exportAs("ndjson")} disabled={!chosen.length}>
        Export selected NDJSON
      </Button>
    </span>
  );
}

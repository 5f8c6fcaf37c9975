"use client";
import { formatDateTime, formatNumber, formatShortDateTime } from "@/lib/format";
import type { Decoded } from "@/lib/messages/decode";
import type { MessageDto } from "@/lib/validation/messages";

interface Props {
  messages: MessageDto[];
  decode: (m: MessageDto) => Decoded;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Checkboxes for picking messages (deep browse): the ids picked, and the setter. */
  picked?: Set<string>;
  onPick?: (id: string, on: boolean) => void;
}

const time = formatDateTime;
const shortTime = formatShortDateTime;
const preview = (d: Decoded) => (d.format === "binary" ? `binary, ${d.size} bytes` : d.text.replace(/\s+/g, " ").slice(0, 120));

export function MessageTable({ messages, decode, selectedId, onSelect, picked, onPick }: Props) {
  return (
    <div className="max-h-[65vh] overflow-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-sm">
        <caption className="sr-only">Messages; choose one to inspect it</caption>
        <thead className="sticky top-0 bg-surface-2 text-left text-muted">
          <tr>
            {onPick ? <th scope="col" className="w-8 px-2 py-2"><span className="sr-only">Pick</span></th> : null}
            <th scope="col" className="px-3 py-2 font-medium">Message</th>
            <th scope="col" className="px-3 py-2 text-right font-medium" title="Dequeue count">Deq.</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Size</th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Inserted</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => {
            const d = decode(m);
            const selected = m.id === selectedId;
            return (
              <tr key={m.id} aria-selected={selected} className={`border-t border-border ${selected ? "bg-accent/10" : "hover:bg-surface-2"}`}>
                {onPick ? (
                  <td className="px-2 py-1.5">
                    <input type="checkbox" className="size-4" aria-label={`Pick message ${m.id}`} checked={picked?.has(m.id) ?? false} onChange={(e) => onPick(m.id, e.target.checked)} />
                  </td>
                ) : null}
                <td className="max-w-0 px-3 py-1.5">
                  <button type="button" onClick={() => onSelect(m.id)} className="block w-full truncate text-left" aria-label={`Inspect message ${m.id}`} aria-pressed={selected}>
                    {d.encoding === "base64" ? <span className="mr-1.5 rounded bg-surface-2 px-1 text-xs text-muted">b64</span> : null}
                    <span className="font-mono text-xs">{preview(d)}</span>
                  </button>
                </td>
                <td className={`px-3 py-1.5 text-right tabular-nums ${m.dequeueCount >= 5 ? "font-semibold text-warn" : ""}`}>{m.dequeueCount}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatNumber(m.size)} B</td>
                <td className="hidden whitespace-nowrap px-3 py-1.5 text-xs text-muted sm:table-cell" title={time(m.insertedOn)}>{shortTime(m.insertedOn)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

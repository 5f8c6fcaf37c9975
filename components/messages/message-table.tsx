"use client";
import type { Decoded } from "@/lib/messages/decode";
import type { MessageDto } from "@/lib/validation/messages";

interface Props {
  messages: MessageDto[];
  decode: (m: MessageDto) => Decoded;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

const time = (iso: string) => new Date(iso).toLocaleString();
const shortTime = (iso: string) => {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleDateString();
};
const preview = (d: Decoded) => (d.format === "binary" ? `binary, ${d.size} bytes` : d.text.replace(/\s+/g, " ").slice(0, 120));

export function MessageTable({ messages, decode, selectedId, onSelect }: Props) {
  return (
    <div className="max-h-[65vh] overflow-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-sm">
        <caption className="sr-only">Messages; choose one to inspect it</caption>
        <thead className="sticky top-0 bg-surface-2 text-left text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Message</th>
            <th scope="col" className="px-3 py-2 text-right font-medium" title="Dequeue count">Deq.</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Size</th>
            <th scope="col" className="px-3 py-2 font-medium">Inserted</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => {
            const d = decode(m);
            const selected = m.id === selectedId;
            return (
              <tr key={m.id} aria-selected={selected} className={`border-t border-border ${selected ? "bg-accent/10" : "hover:bg-surface-2"}`}>
                <td className="max-w-0 px-3 py-1.5">
                  <button type="button" onClick={() => onSelect(m.id)} className="block w-full truncate text-left" aria-label={`Inspect message ${m.id}`} aria-pressed={selected}>
                    {d.encoding === "base64" ? <span className="mr-1.5 rounded bg-surface-2 px-1 text-xs text-muted">b64</span> : null}
                    <span className="font-mono text-xs">{preview(d)}</span>
                  </button>
                </td>
                <td className={`px-3 py-1.5 text-right tabular-nums ${m.dequeueCount >= 5 ? "font-semibold text-warn" : ""}`}>{m.dequeueCount}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{m.size.toLocaleString()} B</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-xs text-muted" title={time(m.insertedOn)}>{shortTime(m.insertedOn)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

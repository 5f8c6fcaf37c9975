"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export const REFRESH_CHOICES = [
  { label: "Off", ms: 0 },
  { label: "5 s", ms: 5_000 },
  { label: "10 s", ms: 10_000 },
  { label: "30 s", ms: 30_000 },
  { label: "1 min", ms: 60_000 },
];

interface Props {
  filter: string;
  onFilter: (v: string) => void;
  prefix: string;
  onPrefix: (v: string) => void;
  poisonOnly: boolean;
  onPoisonOnly: (v: boolean) => void;
  refreshMs: number;
  onRefreshMs: (ms: number) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

export function QueueToolbar(p: Props) {
  const [prefixDraft, setPrefixDraft] = useState(p.prefix);
  return (
    <div className="mb-3 flex flex-wrap items-end gap-3">
      <label className="min-w-48 flex-1 text-sm">
        <span className="mb-1 block font-medium">Filter</span>
        <input
          type="search"
          data-page-filter
          aria-keyshortcuts="/"
          value={p.filter}
          onChange={(e) => p.onFilter(e.target.value)}
          placeholder="name or metadata, instant"
          className={`${inputClass} border-border`}
        />
      </label>
      <form
        className="flex items-end gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          p.onPrefix(prefixDraft.trim().toLowerCase());
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium">Prefix</span>
          <input
            value={prefixDraft}
            onChange={(e) => setPrefixDraft(e.target.value)}
            placeholder="sent to the service"
            className={`${inputClass} w-52 border-border font-mono`}
          />
        </label>
        <Button type="submit">Apply</Button>
      </form>
      <label className="flex items-center gap-2 pb-1.5 text-sm">
        <input
          type="checkbox"
          checked={p.poisonOnly}
          onChange={(e) => p.onPoisonOnly(e.target.checked)}
          className="size-4"
        />
        Poison queues only
      </label>
      <div className="ml-auto flex items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Auto-refresh</span>
          <select
            value={p.refreshMs}
            onChange={(e) => p.onRefreshMs(Number(e.target.value))}
            className={`${inputClass} border-border`}
          >
            {REFRESH_CHOICES.map((c) => (
              <option key={c.ms} value={c.ms}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={p.onRefresh} disabled={p.refreshing}>
          {p.refreshing ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
    </div>
  );
}

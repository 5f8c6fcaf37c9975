"use client";
// JSON with syntax colour and folding (native <details>, so keyboard and screen readers work).
// Folded children are not rendered until opened, so a 64 KiB document paints quickly.
// Values are rendered as React text: message content can never become markup.
import { useState } from "react";

const colour = {
  key: "text-sky-700 dark:text-sky-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  literal: "text-fuchsia-700 dark:text-fuchsia-300",
};
// Containers start open near the top, and only while they are small enough to read at a glance.
const OPEN_DEPTH = 2;
const OPEN_MAX_ENTRIES = 50;

function Leaf({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className={colour.string}>{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className={colour.number}>{String(value)}</span>;
  return <span className={colour.literal}>{String(value)}</span>;
}

function Node({ name, value, last, depth }: { name?: string; value: unknown; last: boolean; depth: number }) {
  const isObject = value !== null && typeof value === "object";
  const entries = !isObject ? [] : Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const [open, setOpen] = useState(depth === 0 || (depth < OPEN_DEPTH && entries.length <= OPEN_MAX_ENTRIES));
  const label = name === undefined ? null : <><span className={colour.key}>{JSON.stringify(name)}</span>: </>;
  const comma = last ? "" : ",";
  if (!isObject) return <div className="pl-4">{label}<Leaf value={value} />{comma}</div>;
  const [start, end] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return <div className="pl-4">{label}{start}{end}{comma}</div>;
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="group pl-4 [&>summary]:list-none">
      <summary className="-ml-4 cursor-pointer select-none marker:hidden">
        <span aria-hidden="true" className="inline-block w-4 text-center text-muted transition-transform group-open:rotate-90">▸</span>
        {label}{start}
        <span className="text-muted"> {entries.length} {Array.isArray(value) ? "items" : "keys"} </span>
        {open ? null : <>{end}{comma}</>}
      </summary>
      {open ? (
        <>
          {entries.map(([k, v], i) => (
            <Node key={k} name={Array.isArray(value) ? undefined : k} value={v} last={i === entries.length - 1} depth={depth + 1} />
          ))}
          <div className="pl-4">{end}{comma}</div>
        </>
      ) : null}
    </details>
  );
}

export function JsonView({ text }: { text: string }) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return <pre className="whitespace-pre-wrap break-all">{text}</pre>;
  }
  return (
    <div className="font-mono text-xs leading-5" data-testid="json-view">
      <Node value={value} last depth={0} />
    </div>
  );
}

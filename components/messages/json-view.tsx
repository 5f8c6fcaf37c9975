"use client";
// JSON with syntax colour and folding. Folded children are not rendered, and long arrays come in
// pages, so a 64 KiB document paints quickly even fully expanded. Values are rendered as React
// text: message content can never become markup.
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { containerPaths, searchTree, shallowPaths } from "@/lib/messages/json-tree";
import { JsonNode } from "./json-node";
import { Highlight, LAZY_LINE, PAGE, TreeContext, type TreeState } from "./json-parts";
import { formatNumber } from "@/lib/format";

// A message this small is read at a glance: it starts fully open.
const OPEN_ALL_BELOW_BYTES = 4096;

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function JsonView({ text }: { text: string }) {
  const parsed = useMemo(() => parse(text), [text]);
  if (!parsed.ok) return <pre className="whitespace-pre-wrap break-all">{text}</pre>;
  return <JsonTree key={text} text={text} value={parsed.value} />;
}

function JsonTree({ text, value }: { text: string; value: unknown }) {
  const id = useId();
  const [expanded, setExpanded] = useState<Set<string>>(() =>
    text.length < OPEN_ALL_BELOW_BYTES ? containerPaths(value) : shallowPaths(value, 2, 50),
  );
  const [pages, setPages] = useState<Record<string, number>>({});
  const [raw, setRaw] = useState(false);
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const found = useMemo(() => searchTree(value, needle), [value, needle]);
  const pretty = useMemo(() => (raw ? JSON.stringify(value, null, 2) : ""), [raw, value]);

  const tree: TreeState = useMemo(
    () => ({
      expanded: found.open.size ? new Set([...expanded, ...found.open]) : expanded,
      toggle: (path) =>
        setExpanded((e) => {
          const next = new Set(e);
          if (next.has(path)) next.delete(path);
          else next.add(path);
          return next;
        }),
      shown: (path) => Math.max(pages[path] ?? PAGE, found.reach.get(path) ?? 0),
      showMore: (path, count) => setPages((p) => ({ ...p, [path]: count })),
      hits: found.hits,
      needle,
      line: text.length < OPEN_ALL_BELOW_BYTES ? "" : LAZY_LINE,
    }),
    [expanded, pages, found, needle, text],
  );

  return (
    <div className="space-y-2">
      <div role="toolbar" aria-label="JSON view" className="flex flex-wrap items-center gap-2 font-sans text-sm">
        <Button
          className="py-1 text-xs"
          onClick={() => {
            setRaw(false);
            setExpanded(containerPaths(value));
          }}
        >
          Expand all
        </Button>
        <Button
          className="py-1 text-xs"
          onClick={() => {
            setRaw(false);
            setExpanded(new Set([""]));
          }}
        >
          Collapse all
        </Button>
        <Button className="py-1 text-xs" aria-pressed={raw} onClick={() => setRaw((r) => !r)}>
          {raw ? "Tree view" : "Raw view"}
        </Button>
        <label htmlFor={id} className="sr-only">
          Search in message
        </label>
        <input
          id={id}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search in message"
          className={`${inputClass} w-44 border-border py-1 text-xs`}
        />
        {needle ? (
          <span aria-live="polite" className="text-xs text-muted">
            {found.hits.size === 1 ? "1 hit" : `${formatNumber(found.hits.size)} hits`}
          </span>
        ) : null}
      </div>
      {raw ? (
        <pre className="whitespace-pre-wrap break-all font-mono text-xs leading-5" data-testid="json-raw">
          <Highlight text={pretty} needle={needle} />
        </pre>
      ) : (
        <div className="-ml-4 font-mono text-xs leading-5" data-testid="json-view">
          <TreeContext value={tree}>
            <JsonNode value={value} path="" last />
          </TreeContext>
        </div>
      )}
    </div>
  );
}

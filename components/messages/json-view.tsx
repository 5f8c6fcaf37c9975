"use client";
// JSON with syntax colour and folding, every literal and key as the producer wrote it (see
// json-source). Folded children are not rendered, and lines far from view are plain text until
// they come near (json-block), so a 64 KiB document paints quickly even fully expanded. Values are
// rendered as React text: message content can never become markup.
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { parseJsonSource, prettyJson, type JsonContainer, type JsonNode } from "@/lib/messages/json-source";
import { containerIds, longerThan, searchTree, shallowIds, visibleLines, type Line } from "@/lib/messages/json-tree";
import { BLOCK_LINES, JsonBlock, useNearWatcher, WatchContext } from "./json-block";
import { EXPAND_ALL_CAP, Highlight, PAGE, TreeContext, type TreeActions } from "./json-parts";
import { formatNumber } from "@/lib/format";

// A message this small is read at a glance: it starts fully open.
const OPEN_ALL_BELOW_BYTES = 4096;

export function JsonView({ text }: { text: string }) {
  const root = useMemo(() => parseJsonSource(text.trim()), [text]);
  if (!root) return <pre className="whitespace-pre-wrap break-all">{text}</pre>;
  return <JsonTree key={text} text={text} root={root} />;
}

function JsonTree({ text, root }: { text: string; root: JsonNode }) {
  const id = useId();
  const small = text.length < OPEN_ALL_BELOW_BYTES;
  const [expanded, setExpanded] = useState<Set<number>>(() => (small ? containerIds(root) : shallowIds(root, 2, PAGE)));
  // Entries shown per container: what "Show more" chose, else a page, or everything after expand-all.
  const [pages, setPages] = useState<Map<number, number>>(() => new Map());
  const [all, setAll] = useState(false);
  const [raw, setRaw] = useState(false);
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const found = useMemo(() => searchTree(root, needle), [root, needle]);
  const pretty = useMemo(() => (raw ? (prettyJson(text.trim()) ?? text) : ""), [raw, text]);
  const paged = useMemo(() => (all ? longerThan(root, EXPAND_ALL_CAP) : 0), [all, root]);

  const actions: TreeActions = useMemo(
    () => ({
      toggle: (node) =>
        setExpanded((e) => {
          const next = new Set(e);
          if (!next.delete(node)) next.add(node);
          return next;
        }),
      showMore: (node, count) => setPages((p) => new Map(p).set(node, count)),
    }),
    [],
  );
  const lines = useMemo(() => {
    const open = found.open.size ? new Set([...expanded, ...found.open]) : expanded;
    const shown = (node: JsonContainer) =>
      Math.max(pages.get(node.id) ?? (all ? EXPAND_ALL_CAP : PAGE), found.reach.get(node.id) ?? 0);
    return visibleLines(root, open, shown);
  }, [root, expanded, pages, all, found]);
  const blocks = useMemo(() => {
    const out: { lines: Line[]; eager: boolean }[] = [];
    for (let i = 0; i < lines.length; i += BLOCK_LINES) {
      const slice = lines.slice(i, i + BLOCK_LINES);
      out.push({ lines: slice, eager: i === 0 || slice.some((l) => found.hits.has(l.node.id)) });
    }
    return out;
  }, [lines, found]);
  const [watch, attach] = useNearWatcher();

  return (
    <div className="space-y-2">
      <div role="toolbar" aria-label="JSON view" className="flex flex-wrap items-center gap-2 font-sans text-sm">
        <Button
          className="py-1 text-xs"
          onClick={() => {
            setRaw(false);
            setAll(true);
            setPages(new Map());
            setExpanded(containerIds(root));
          }}
        >
          Expand all
        </Button>
        <Button
          className="py-1 text-xs"
          onClick={() => {
            setRaw(false);
            setAll(false);
            setPages(new Map());
            setExpanded(new Set([root.id]));
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
        {paged && !raw ? (
          <span className="text-xs text-muted">
            {paged === 1 ? "1 list" : `${formatNumber(paged)} lists`} over {formatNumber(EXPAND_ALL_CAP)} entries show
            their first {formatNumber(EXPAND_ALL_CAP)}
          </span>
        ) : null}
      </div>
      {raw ? (
        <pre className="whitespace-pre-wrap break-all font-mono text-xs leading-5" data-testid="json-raw">
          <Highlight text={pretty} needle={needle} />
        </pre>
      ) : (
        <div ref={attach} className="font-mono text-xs leading-5 [overflow-wrap:anywhere]" data-testid="json-view">
          <TreeContext value={actions}>
            <WatchContext value={watch}>
              {blocks.map((b, i) => (
                <JsonBlock key={i} lines={b.lines} eager={b.eager} hits={found.hits} needle={needle} />
              ))}
            </WatchContext>
          </TreeContext>
        </div>
      )}
    </div>
  );
}

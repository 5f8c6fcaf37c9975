"use client";
import { memo, useContext } from "react";
import { childPath, entriesOf } from "@/lib/messages/json-tree";
import { colour, Highlight, Leaf, MoreEntries, PAGE, TreeContext } from "./json-parts";

export const JsonNode = memo(function JsonNode({
  name,
  value,
  path,
  last,
}: {
  name?: string;
  value: unknown;
  path: string;
  last: boolean;
}) {
  const tree = useContext(TreeContext)!;
  const hit = tree.hits.has(path);
  const label =
    name === undefined ? null : (
      <>
        <span className={colour.key}>
          <Highlight text={JSON.stringify(name)} needle={tree.needle} />
        </span>
        :{" "}
      </>
    );
  const comma = last ? "" : ",";
  const mark = hit ? " bg-yellow-100/60 dark:bg-yellow-900/40" : "";
  if (value === null || typeof value !== "object")
    return (
      <div className={`pl-4 ${tree.line}${mark}`} data-hit={hit || undefined}>
        {label}
        <Leaf value={value} needle={tree.needle} />
        {comma}
      </div>
    );
  const array = Array.isArray(value);
  const entries = entriesOf(value);
  const [start, end] = array ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0)
    return (
      <div className="pl-4">
        {label}
        {start}
        {end}
        {comma}
      </div>
    );
  const open = tree.expanded.has(path);
  const shown = Math.min(entries.length, tree.shown(path));
  const noun = array ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys";
  return (
    <div className="pl-4">
      <div className={`-ml-4 ${tree.line}${mark}`}>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => tree.toggle(path)}
          className="w-4 text-center text-muted hover:text-fg"
          aria-label={`${open ? "Collapse" : "Expand"} ${name ?? "root"}`}
        >
          <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        </button>
        {label}
        {start}
        {open ? null : (
          <>
            <span className="text-muted">
              {" "}
              {entries.length} {noun}{" "}
            </span>
            {end}
            {comma}
          </>
        )}
      </div>
      {open ? (
        <>
          {entries.slice(0, shown).map(([k, v], i) => (
            <JsonNode
              key={k}
              name={array ? undefined : k}
              value={v}
              path={childPath(path, k)}
              last={i === entries.length - 1}
            />
          ))}
          {shown < entries.length ? (
            <MoreEntries
              left={entries.length - shown}
              total={entries.length}
              array={array}
              onMore={() => tree.showMore(path, shown + PAGE)}
              onAll={() => tree.showMore(path, entries.length)}
            />
          ) : null}
          <div>
            {end}
            {comma}
          </div>
        </>
      ) : null}
    </div>
  );
});

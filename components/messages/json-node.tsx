"use client";
// One line of the JSON tree, coloured and with its fold button. Lines are siblings indented by
// depth (two columns a level, as lineText lays them out), and a line re-renders only when its own
// props change.
import { memo, useContext, type ReactNode } from "react";
import { isContainer, unquote } from "@/lib/messages/json-source";
import { foldedSize, type Line } from "@/lib/messages/json-tree";
import { colour, Highlight, MoreEntries, PAGE, TreeContext } from "./json-parts";

interface Props {
  line: Line;
  hit: boolean;
  needle: string;
}

function sameProps(a: Props, b: Props): boolean {
  const [x, y] = [a.line as unknown as Record<string, unknown>, b.line as unknown as Record<string, unknown>];
  return a.hit === b.hit && a.needle === b.needle && Object.keys(x).every((k) => x[k] === y[k]);
}

export const JsonLine = memo(function JsonLine({ line, hit, needle }: Props) {
  const actions = useContext(TreeContext)!;
  const row = (children: ReactNode) => (
    <div
      className={hit ? "bg-yellow-100/60 dark:bg-yellow-900/40" : undefined}
      style={{ paddingLeft: `${line.depth * 2 + 2}ch` }}
      data-hit={hit || undefined}
    >
      {children}
    </div>
  );
  const { node } = line;
  if (line.kind === "more") {
    const total = line.node.children.length;
    return row(
      <MoreEntries
        left={total - line.shown}
        total={total}
        array={line.node.kind === "array"}
        onMore={() => actions.showMore(line.node.id, line.shown + PAGE)}
        onAll={() => actions.showMore(line.node.id, total)}
      />,
    );
  }
  const comma = line.comma ? "," : "";
  if (line.kind === "close") return row((line.node.kind === "array" ? "]" : "}") + comma);
  const label = line.name ? (
    <>
      <span className={colour.key}>
        <Highlight text={line.name} needle={needle} />
      </span>
      {": "}
    </>
  ) : null;
  if (!isContainer(node))
    return row(
      <>
        {label}
        <span className={colour[node.kind]}>
          <Highlight text={node.raw} needle={needle} />
        </span>
        {comma}
      </>,
    );
  const [start, end] = node.kind === "array" ? ["[", "]"] : ["{", "}"];
  if (!node.children.length)
    return row(
      <>
        {label}
        {start + end + comma}
      </>,
    );
  return row(
    <>
      <button
        type="button"
        aria-expanded={line.open}
        onClick={() => actions.toggle(node.id)}
        className="-ml-[2ch] w-[2ch] text-left text-muted hover:text-fg"
        aria-label={`${line.open ? "Collapse" : "Expand"} ${line.name ? unquote(line.name) : "root"}`}
      >
        <span aria-hidden="true">{line.open ? "▾" : "▸"}</span>
      </button>
      {label}
      {start}
      {line.open ? null : <span className="text-muted">{foldedSize(node)}</span>}
      {line.open ? null : end + comma}
    </>,
  );
}, sameProps);

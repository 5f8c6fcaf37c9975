// Selection over the visible (filtered) rows: click toggles, shift-click adds the range from the
// last clicked row. Only selectable rows (those holding a pop receipt) are ever added.

export function toggleOne(selected: ReadonlySet<string>, id: string, selectable: (id: string) => boolean): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else if (selectable(id)) next.add(id);
  return next;
}

/** Adds every selectable row between anchor and target (both included) in visible order. */
export function selectRange(
  selected: ReadonlySet<string>,
  visible: readonly string[],
  anchor: string | null,
  target: string,
  selectable: (id: string) => boolean,
): Set<string> {
  const to = visible.indexOf(target);
  const from = anchor === null ? -1 : visible.indexOf(anchor);
  if (to < 0) return new Set(selected);
  if (from < 0) return toggleOne(selected, target, selectable);
  const next = new Set(selected);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  for (let i = lo; i <= hi; i++) if (selectable(visible[i]!)) next.add(visible[i]!);
  return next;
}

export function selectAll(visible: readonly string[], selectable: (id: string) => boolean): Set<string> {
  return new Set(visible.filter(selectable));
}

/** Drops ids that are no longer loaded, so a count never includes a row the user cannot see. */
export function pruneSelection(selected: ReadonlySet<string>, loaded: ReadonlySet<string>): Set<string> {
  return new Set([...selected].filter((id) => loaded.has(id)));
}

// A find receives and at once releases the messages ahead of the one it looks for: each release
// gives a new pop receipt, and any copy the list holds from an earlier deep browse keeps the old one.

/** Swaps fresh copies in for the messages already held as received; never adds one. */
export function refreshReceived<M extends { id: string }>(held: M[], fresh: readonly M[]): M[] {
  const byId = new Map(fresh.map((m) => [m.id, m]));
  if (!held.some((m) => byId.has(m.id))) return held;
  return held.map((m) => byId.get(m.id) ?? m);
}

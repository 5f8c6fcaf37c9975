/**
 * How long a predicate scan keeps every message it received hidden: the whole scan must fit in it
 * (about 50 messages a second at worst, plus the paced sends of a rate-limited move), between 1
 * minute and 2 hours. Plain arithmetic, so a dialog can say the figure before the job starts.
 */
export function scanVisibility(total: number, ratePerSecond?: number): number {
  const paced = ratePerSecond ? total / ratePerSecond : 0;
  return Math.min(7200, Math.max(60, Math.ceil(total / 50 + paced) + 60));
}

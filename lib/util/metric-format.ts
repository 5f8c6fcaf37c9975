// Display forms of sampled figures: short enough for a table cell, exact enough to act on.
const number = new Intl.NumberFormat("en-US");
const rate = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, signDisplay: "exceptZero" });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : number.format(n);
}

export function formatDelta(n: number | null): string {
  if (n === null) return "—";
  return n > 0 ? `+${number.format(n)}` : n < 0 ? `−${number.format(-n)}` : "0";
}

export function formatRate(n: number | null): string {
  return n === null ? "—" : `${rate.format(n).replace("-", "−")}/min`;
}

/** 42 s, 7 min, 3 h 5 min, 2 d 4 h: two units at most. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export function secondsSince(iso: string, now: number): number {
  return Math.max(0, (now - Date.parse(iso)) / 1000);
}

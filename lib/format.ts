// Every number, date and age the UI shows is formatted here, so one page never says "1,234" and
// another "1234", and a time always reads in the browser's locale.

const integer = new Intl.NumberFormat("en-US");
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatNumber(n: number): string {
  return integer.format(n);
}

const decimals = new Map<number, Intl.NumberFormat>();

/** A figure with a fixed number of decimals: a rate of 12.5/s, a size of 1.25 KiB. */
export function formatDecimal(n: number, digits = 1): string {
  let format = decimals.get(digits);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    decimals.set(digits, format);
  }
  return format.format(n);
}

/** A message size against the 64 KiB limit: two decimals below 10 KiB, one above. */
export function formatKiB(bytes: number): string {
  return `${formatDecimal(bytes / 1024, bytes < 10240 ? 2 : 1)} KiB`;
}

/** "3 messages", "1 message". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function formatDateTime(at: string | Date): string {
  return dateTime.format(typeof at === "string" ? new Date(at) : at);
}

export function formatTime(at: string | Date): string {
  return timeOnly.format(typeof at === "string" ? new Date(at) : at);
}

export function formatDate(at: string | Date): string {
  return dateOnly.format(typeof at === "string" ? new Date(at) : at);
}

// Chart axes and their tables: day/month and a 24-hour clock, compact enough for a column.
const stamp = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "short" });
const stampSeconds = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

/** A sample's time (ms since the epoch or ISO) as charts label it; `seconds` adds them. */
export function formatStamp(at: number | string, seconds = false): string {
  return (seconds ? stampSeconds : stamp).format(typeof at === "string" ? Date.parse(at) : at);
}

/** Today's times as a time, older ones as a date: what a table column has room for. */
export function formatShortDateTime(at: string | Date): string {
  const d = typeof at === "string" ? new Date(at) : at;
  return d.toDateString() === new Date().toDateString() ? timeOnly.format(d) : dateOnly.format(d);
}

/** A duration or an age in seconds: "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.round((s % 86_400) / 3600)} h`;
}

/** "5 min ago" style age of a past instant. */
export function formatAgo(at: string | Date, now = Date.now()): string {
  const ms = now - (typeof at === "string" ? Date.parse(at) : at.getTime());
  return ms < 5_000 ? "just now" : `${formatSeconds(ms / 1000)} ago`;
}

// "3 min ago"-style ages for the message list; the exact time goes in the title.
const AGE_UNITS: [number, string][] = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "min"],
  [1, "s"],
];

export function relativeAge(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  for (const [size, unit] of AGE_UNITS) if (seconds >= size) return `${Math.floor(seconds / size)} ${unit} ago`;
  return "just now";
}

// Display forms of sampled figures: short enough for a table cell, exact enough to act on.
const rateFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, signDisplay: "exceptZero" });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : formatNumber(n);
}

export function formatDelta(n: number | null): string {
  if (n === null) return "—";
  return n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : "0";
}

export function formatRate(n: number | null): string {
  return n === null ? "—" : `${rateFormat.format(n).replace("-", "−")}/min`;
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

// Every number, date and age the UI shows is formatted here, so one page never says "1,234" and
// another "1234", and a time always reads in the browser's locale.

const integer = new Intl.NumberFormat("en-US");
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatNumber(n: number): string {
  return integer.format(n);
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

// Every view's state lives in the URL, so a reload, back/forward and a shared link show the same
// view. One parser set per page; typed, with defaults that stay out of the URL. The parsers come
// from nuqs/server (no "use client"), so a server page reads the same view from its searchParams.
import {
  parseAsArrayOf,
  parseAsBoolean,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import type { FirstScreenView } from "@/lib/queues/first-screen";
import { ROW_FLAGS, SORT_KEYS, type RowFlagsFilter } from "@/lib/queues/table";
import { JOB_KINDS } from "@/lib/validation/job-kinds";

// Typing replaces the entry (no history step per key); a click pushes one, so Back undoes it.
const typed = { history: "replace" } as const;
const clicked = { history: "push" } as const;

export const queueListParams = {
  q: parseAsString.withDefault("").withOptions(typed),
  prefix: parseAsString.withDefault("").withOptions(clicked),
  poison: parseAsBoolean.withDefault(false).withOptions(clicked),
  sort: parseAsStringLiteral(SORT_KEYS).withDefault("name").withOptions(clicked),
  desc: parseAsBoolean.withDefault(false).withOptions(clicked),
  refresh: parseAsInteger.withDefault(0).withOptions(clicked),
  // "Only" flags of the table: poison not empty, stalled, growing.
  only: parseAsArrayOf(parseAsStringLiteral(ROW_FLAGS)).withDefault([]).withOptions(clicked),
};

/** The queue table's view as the URL holds it, for the page's server render and the table alike. */
export function queueTableView(url: inferParserType<typeof queueListParams>): FirstScreenView & {
  only: RowFlagsFilter;
  refreshMs: number;
} {
  return {
    filter: url.q,
    prefix: url.prefix,
    poisonOnly: url.poison,
    sort: url.sort,
    descending: url.desc,
    only: Object.fromEntries(url.only.map((f) => [f, true])),
    refreshMs: url.refresh,
  };
}

export const QUEUE_TABS = ["messages", "metrics", "properties"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export const queuePageParams = {
  tab: parseAsStringLiteral(QUEUE_TABS)
    .withDefault("messages")
    .withOptions({ ...clicked, scroll: false }),
  // The Messages tab's filter: substring, JSONPath condition, dequeue count, age in seconds.
  search: parseAsString.withDefault("").withOptions(typed),
  json: parseAsString.withDefault("").withOptions(typed),
  deq: parseAsInteger.withOptions(typed),
  older: parseAsInteger.withOptions(typed),
  msg: parseAsString.withOptions({ ...typed, scroll: false }),
};

export const JOB_STATE_FILTERS = ["running", "finished", "failed"] as const;

export const jobsParams = {
  state: parseAsStringLiteral(JOB_STATE_FILTERS).withOptions(clicked),
  kind: parseAsStringLiteral(JOB_KINDS).withOptions(clicked),
  queue: parseAsString.withDefault("").withOptions(typed),
};

const auditText = parseAsString.withDefault("").withOptions(typed);
export const auditParams = {
  user: auditText,
  action: auditText,
  account: auditText,
  queue: auditText,
  outcome: auditText,
};

// What a whole-queue dialog must say about a dry run's count before offering the job after it.
import type { Where } from "@/lib/validation/where";
import type { DecodeChoice } from "./decode";
import { formatNumber } from "@/lib/format";

/**
 * A dry run's count as the job that follows can be told about it. The dry run raised every
 * message's dequeue count by one, so with a dequeue-count condition the job can match more than
 * were counted: the figure is then only a floor, and `floor` says why.
 */
export function dryRunFigure(matched: number, where: Where): { figure: string; floor: string | null } {
  const n = formatNumber(matched);
  if (where.dequeueCountAtLeast === undefined) return { figure: n, floor: null };
  return {
    figure: `at least ${n}`,
    floor: `At least ${n}: the dry run raised every dequeue count by one, so messages one below the threshold now match too.`,
  };
}

const CHOICE_NAMES: Record<Exclude<DecodeChoice, "auto">, string> = { text: "Stored text", base64: "Base64" };

/**
 * Said before a dry run when the list decodes otherwise than the server will: the server matches
 * `contains` and `json` on the text as Auto decodes it, whatever the user chose for the list.
 * `overridden`: how many loaded messages the list decodes with a choice of their own (not Auto).
 */
export function decodeChoiceCaveat(where: Where, queueChoice: DecodeChoice, overridden = 0): string | null {
  if (where.contains === undefined && where.json === undefined) return null;
  const what =
    queueChoice !== "auto"
      ? `your “${CHOICE_NAMES[queueChoice]}” choice for this queue is not applied`
      : overridden > 0
        ? `the decoding you chose for ${formatNumber(overridden)} loaded ${overridden === 1 ? "message" : "messages"} is not applied`
        : null;
  return what
    ? `The whole queue is matched as Auto decodes it; ${what}, so it can match other messages than the list shows.`
    : null;
}

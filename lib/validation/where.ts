import { RE2JS } from "re2js";
import { z } from "./zod";
import { jsonPathProblem, MAX_PATH_LENGTH } from "./json-path";

/**
 * Which messages a predicate job acts on (purge, move, export), shared by the routes and the
 * forms. Every condition given must hold. Regexes run on RE2JS (linear time, no backtracking), so
 * no pattern can make a scan hang, and are refused here when RE2 cannot compile them (lookaround
 * and backreferences are not supported).
 */
export const MAX_REGEX_LENGTH = 512;
export const MAX_CONTAINS_LENGTH = 4096;

/** The reason a regex is refused, or null. */
export function regexProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (err) {
    return `Not a supported regular expression: ${(err as Error).message}`;
  }
}

export const jsonPathSchema = z
  .string()
  .min(1, "Give a JSONPath such as $.error.")
  .max(MAX_PATH_LENGTH, `A JSONPath is at most ${MAX_PATH_LENGTH} characters.`)
  .superRefine((path, ctx) => {
    const problem = jsonPathProblem(path);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const regexSchema = z
  .string()
  .min(1, "Give a regular expression.")
  .max(MAX_REGEX_LENGTH, `A regular expression is at most ${MAX_REGEX_LENGTH} characters.`)
  .superRefine((pattern, ctx) => {
    const problem = regexProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const instant = z.iso.datetime({ offset: true, error: "Give a date and time such as 2026-01-31T12:00:00Z." });

export const jsonConditionSchema = z
  .strictObject({
    path: jsonPathSchema,
    /** Some value at the path equals this JSON value (no type coercion: "5" is not 5). */
    equals: z.json().optional(),
    /** Some string (or number) at the path matches this regex. */
    matches: regexSchema.optional(),
  })
  .refine((j) => j.equals === undefined || j.matches === undefined, {
    message: "Give equals or matches, not both.",
    path: ["matches"],
  });

export const whereSchema = z
  .strictObject({
    /** The dequeue count as a peek shows it, before the scan's own receive. */
    dequeueCountAtLeast: z.number().int("dequeueCountAtLeast is a whole number.").min(0).max(1_000_000_000).optional(),
    /** Inserted strictly before this instant. */
    insertedBefore: instant.optional(),
    /** Inserted strictly after this instant. */
    insertedAfter: instant.optional(),
    contains: z
      .string()
      .min(1, "Say what the message should contain.")
      .max(MAX_CONTAINS_LENGTH)
      .optional()
      .describe(
        "The decoded text (as the inspector shows it) contains this; case-sensitive unless ignoreCase. Binary payloads and message ids are not searched.",
      ),
    ignoreCase: z
      .boolean()
      .optional()
      .describe(
        "With contains: compare ignoring upper and lower case, as the Messages tab's search does. Not a condition of its own.",
      ),
    /** A JSON message (decoded as the inspector decodes it) has a value at `path`; with equals or matches, that value. */
    json: jsonConditionSchema.optional(),
  })
  .refine((w) => Object.entries(w).some(([k, v]) => k !== "ignoreCase" && v !== undefined), {
    message: "Give at least one condition (to act on every message, leave out where).",
  })
  .refine((w) => w.ignoreCase === undefined || w.contains !== undefined, {
    message: "ignoreCase applies to contains: give contains too.",
    path: ["ignoreCase"],
  })
  .refine((w) => !w.insertedBefore || !w.insertedAfter || Date.parse(w.insertedAfter) < Date.parse(w.insertedBefore), {
    message: "insertedAfter must be earlier than insertedBefore: no message could match.",
    path: ["insertedAfter"],
  });
export type Where = z.infer<typeof whereSchema>;

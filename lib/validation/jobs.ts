import { z } from "./zod";
import { queueNameSchema } from "./common";
import { checkStorableText, firstUnstorableIndex } from "./message-text";
import { whereSchema, type Where } from "./where";
import { DECODE_AS, type DecodeAs, type JobKind, type JobState } from "./job-kinds";

export const MAX_IMPORT_MESSAGES = 100_000;
/** The largest bulk-send body; the proxy's 10 MB body copy does not apply to that route (see proxy.ts). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export { FINISHED_OK_STATES, JOB_KINDS, type JobKind, type JobState } from "./job-kinds";

export interface JobDto {
  id: string;
  kind: JobKind;
  state: JobState;
  account: string;
  source: string;
  target: string | null;
  /** Messages the job means to process: `max`, or the source's approximate count at the start. */
  total: number | null;
  processed: number;
  failed: number;
  /** Copied to the target, but the source copy could not be deleted (another consumer took it). */
  duplicated: number;
  error: string | null;
  /** Why a job ended as it did when that is not plain success (partial, nothing to do, resumed, …). */
  note?: string | null;
  /** Cancel was asked for; the owner stops within a couple of seconds. */
  cancelRequested?: boolean;
  /** How many times another instance (or a restart) took the job over. */
  adoptions?: number;
  options: {
    max?: number;
    ratePerSecond?: number;
    transform?: Transform;
    visibilityTimeout?: number;
    /** A predicate scan: only the messages this picks are acted on. */
    where?: Where;
    /** Count what would be acted on, change nothing (the messages are still received to look at them). */
    dryRun?: boolean;
    decodeAs?: DecodeAs;
    /** The starter sees this account masked: the predicate is matched against the masked view. */
    maskedView?: boolean;
  };
  /** A predicate scan's figures (see lib/jobs/scan.ts). */
  scan?: ScanFiguresDto;
  /** For a finished export: where to download the NDJSON file. */
  download?: string;
  /** Who started it (audit and the Jobs page). */
  startedBy?: string;
  createdAt: string;
  finishedAt: string | null;
}

/** What a predicate scan did; the job's `processed` is `scanned`. */
export interface ScanFiguresDto {
  /** Distinct messages received. */
  scanned: number;
  matched: number;
  /** Deleted (purge), moved (move) or written to the file (export). */
  acted: number;
  /** Made visible again at the end (non-matches; for an export or a dry run every message). */
  released: number;
  failed: number;
  duplicated: number;
  /** Messages in the queue the scan did not see (hidden by another reader, arrived after it, or left when it stopped). */
  notSeen?: number;
}

export { DECODE_AS, type DecodeAs } from "./job-kinds";

// What a transform writes lands in the target as is; `find` may hold such characters (to remove them).
export const transformSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("replace"), find: z.string().min(1, "Say what to find."), replace: z.string() })
    .superRefine((t, ctx) => checkStorableText(t.replace, ctx, ["replace"])),
  z.strictObject({
    kind: z.literal("json-set"),
    path: z
      .string()
      .max(512)
      .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "Use a dotted path such as order.status.")
      .refine(
        (p) => !p.split(".").some((part) => ["__proto__", "prototype", "constructor"].includes(part)),
        "That path names a JavaScript internal, not a field.",
      ),
    // JSON.stringify escapes U+0000-U+001F, not U+FFFE and U+FFFF: checked as it will be written.
    value: z.json().superRefine((v, ctx) => checkStorableText(JSON.stringify(v), ctx, [])),
  }),
]);
export type Transform = z.infer<typeof transformSchema>;

const selectedMessageSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9-]+$/),
  popReceipt: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z0-9+/=_-]+$/),
  /** What the browser saw; the move reads the text from storage and refuses a message whose text differs. */
  text: z
    .string()
    .max(256 * 1024)
    .optional(),
});

export const moveRequestSchema = z
  .strictObject({
    to: queueNameSchema,
    /** Only these messages (from a receive or deep browse, with their pop receipts). */
    messages: z.array(selectedMessageSchema).min(1).max(5000).optional(),
    max: z.number().int().min(1).max(10_000_000).optional(),
    ratePerSecond: z.number().min(0.1).max(10_000).optional(),
    transform: transformSchema.optional(),
    /** Move only the messages that match (a scan of the whole queue). */
    where: whereSchema.optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((m) => !(m.messages && (m.where || m.dryRun)), {
    message: "Give picked messages or where/dryRun, not both.",
    path: ["where"],
  });
export type MoveRequest = z.infer<typeof moveRequestSchema>;

export const purgeRequestSchema = z.strictObject({
  /** Required: to delete every message, clear the queue. */
  where: whereSchema,
  dryRun: z.boolean().optional(),
});
export type PurgeRequest = z.infer<typeof purgeRequestSchema>;

export const bulkSendSchema = z
  .strictObject({
    messages: z
      .array(z.string())
      .min(1, "Give at least one message.")
      .max(MAX_IMPORT_MESSAGES, "Send at most 100,000 messages at once."),
    encoding: z.enum(["text", "base64"]).default("text"),
    visibilityTimeout: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional(),
    timeToLive: z
      .number()
      .int()
      .refine((n) => n === -1 || n >= 1, "The time-to-live is -1 (never expires) or at least 1 s.")
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.encoding !== "text") return;
    // The first message that cannot be stored is enough to name; nothing is sent.
    const i = b.messages.findIndex((m) => firstUnstorableIndex(m) >= 0);
    if (i >= 0) checkStorableText(b.messages[i]!, ctx, ["messages", i]);
  });
export type BulkSendRequest = z.infer<typeof bulkSendSchema>;

export const exportRequestSchema = z.strictObject({
  /** Seconds the messages stay hidden while they are read; by default sized to the queue. */
  visibilityTimeout: z.number().int().min(30).max(7200).optional(),
  max: z.number().int().min(1).max(1_000_000).optional(),
  /** Export only the messages that match. */
  where: whereSchema.optional(),
  /** raw: the stored text; decoded: the text as the inspector decodes it; both (the default). */
  decodeAs: z.enum(DECODE_AS).optional(),
  dryRun: z.boolean().optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

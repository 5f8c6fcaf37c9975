import { z } from "./zod";
import type { ErrorCode } from "@/lib/api/error-codes";
import { queryFlag, queueNameSchema } from "./common";
import type { QueueSampleFields } from "./metrics";

export const listQueuesQuerySchema = z.strictObject({
  prefix: z
    .string()
    .max(63, "A prefix is at most 63 characters.")
    .regex(/^[a-z0-9-]*$/, "A prefix uses only lowercase letters, digits and hyphens.")
    .optional(),
  cursor: z.string().max(2048).optional(),
  pageSize: z.coerce.number().int().min(1).max(5000).optional(),
  counts: queryFlag,
  /** NDJSON: every page of names as it is listed, then counts as they arrive. */
  stream: queryFlag,
  /** With `stream`: count only the queues the latest sampling round did not see (its counts are the table's). */
  unsampled: queryFlag,
});
export type ListQueuesQuery = z.infer<typeof listQueuesQuerySchema>;

/** With the fields of the queue's latest sample (null when it was not sampled), when the listing has them. */
export interface QueueSummary extends Partial<QueueSampleFields> {
  name: string;
  metadata: Record<string, string>;
  approximateMessagesCount?: number;
}

export type QueueListingEvent =
  | { type: "queues"; queues: QueueSummary[] }
  | { type: "counts"; counts: Record<string, number> }
  | { type: "done"; total: number }
  | { type: "error"; error: { code: ErrorCode; message: string } };

export interface QueueListPage {
  queues: QueueSummary[];
  nextCursor: string | null;
}

const METADATA_MAX_BYTES = 8 * 1024;
const METADATA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,255}$/;
/**
 * Names the Azure SDK cannot read back from a queue listing: its XML parser refuses the first
 * three (the whole listing fails) and renames the rest to "__name". A "__" form of one would be
 * read as the renamed name. Refused in any case, as the service treats names case-insensitively.
 */
const UNREADABLE_NAMES = new Set(
  [
    "__proto__",
    "constructor",
    "prototype",
    "hasOwnProperty",
    "toString",
    "valueOf",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
  ].flatMap((n) => [n.toLowerCase(), `__${n.toLowerCase()}`]),
);

/** Queue metadata as the service accepts it: C# identifier names, unique ignoring case, ASCII values, 8 KiB in all. */
const metadataRecord = z
  .record(
    z.string(),
    z
      .string()
      .max(METADATA_MAX_BYTES, "Metadata values are at most 8 KiB.")
      .regex(/^[\x20-\x7E]*$/, "Metadata values may only hold printable ASCII characters.")
      .refine((v) => v === v.trim(), "Metadata values cannot start or end with spaces (the service trims them)."),
  )
  .superRefine((metadata, ctx) => {
    const seen = new Map<string, string>();
    let bytes = 0;
    for (const [name, value] of Object.entries(metadata)) {
      if (!METADATA_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `"${name}" is not a valid metadata name: use a C# identifier (letters, digits, underscores; not starting with a digit).`,
        });
      }
      const lower = name.toLowerCase();
      const earlier = seen.get(lower);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `"${name}" and "${earlier}" differ only in case; metadata names are case-insensitive.`,
        });
      }
      seen.set(lower, name);
      bytes += name.length + value.length;
    }
    if (bytes > METADATA_MAX_BYTES)
      ctx.addIssue({ code: "custom", path: [], message: "Metadata names and values together are at most 8 KiB." });
  });

/** Checked on the input's own keys: a record schema drops "__proto__" before its refinements run. */
export const metadataSchema = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (raw === null || typeof raw !== "object") return;
    for (const name of Object.keys(raw)) {
      if (!UNREADABLE_NAMES.has(name.toLowerCase())) continue;
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `"${name}" cannot be used as a metadata name: the Azure SDK cannot read it back (its XML parser refuses or renames names of JavaScript built-ins such as constructor, prototype and toString).`,
      });
    }
  })
  .pipe(metadataRecord);
export type Metadata = z.infer<typeof metadataSchema>;

export const createQueueSchema = z.strictObject({
  name: queueNameSchema,
  metadata: metadataSchema.optional(),
});
export const updateMetadataSchema = z.strictObject({ metadata: metadataSchema });

export const QUEUE_PERMISSIONS = ["r", "a", "u", "p"] as const;
export const PERMISSION_LABELS: Record<(typeof QUEUE_PERMISSIONS)[number], string> = {
  r: "Read (peek)",
  a: "Add",
  u: "Update",
  p: "Process (receive and delete)",
};

/** "pr" → "rp": the canonical order the service uses; refuses unknown or repeated letters. */
export const permissionsSchema = z
  .string()
  .regex(/^[raup]*$/, "Permissions are letters from r (read), a (add), u (update), p (process).")
  .refine((p) => new Set(p).size === p.length, "Each permission letter may appear once.")
  .transform((p) => QUEUE_PERMISSIONS.filter((l) => p.includes(l)).join(""));

const isoDate = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date and time, e.g. 2030-01-31T12:00:00Z." });

export const accessPolicySchema = z
  .strictObject({
    id: z.string().min(1, "A policy needs an id.").max(64, "Policy ids are at most 64 characters."),
    start: isoDate.optional(),
    expiry: isoDate.optional(),
    permissions: permissionsSchema.default(""),
  })
  .refine((p) => !p.start || !p.expiry || Date.parse(p.start) < Date.parse(p.expiry), {
    message: "The start must be before the expiry.",
    path: ["expiry"],
  });
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

export const accessPoliciesSchema = z.strictObject({
  policies: z
    .array(accessPolicySchema)
    .max(5, "A queue can have at most 5 stored access policies.")
    .superRefine((policies, ctx) => {
      const ids = new Set<string>();
      policies.forEach((p, i) => {
        if (ids.has(p.id))
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `The id "${p.id}" is used twice.` });
        ids.add(p.id);
      });
    }),
});

export const sasRequestSchema = z
  .strictObject({
    permissions: permissionsSchema.optional(),
    expiresOn: isoDate.optional(),
    policyId: z.string().min(1).max(64).optional(),
  })
  .superRefine((s, ctx) => {
    if (!s.policyId && (!s.permissions || !s.expiresOn)) {
      ctx.addIssue({
        code: "custom",
        path: ["permissions"],
        message: "Give permissions and an expiry, or a stored access policy.",
      });
    }
    if (s.expiresOn && Date.parse(s.expiresOn) <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "The expiry must be in the future." });
    }
  });
export type SasRequest = z.infer<typeof sasRequestSchema>;

export interface QueueDetail {
  name: string;
  metadata: Record<string, string>;
  approximateMessagesCount: number;
}

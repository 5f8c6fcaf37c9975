import { z } from "./zod";

/**
 * Job ends add what they were (a cancel, partial work or an interruption is not "ok"); "pending":
 * the intent was recorded before a change and its outcome never was (the process died in between).
 */
export type AuditOutcome = "ok" | "denied" | "failed" | "cancelled" | "partial" | "interrupted" | "pending";

export interface AuditEntry {
  id: string;
  at: string;
  user: string;
  role: string | null;
  via: string | null;
  action: string;
  account?: string;
  queue?: string;
  /** What was asked, without secrets or message bodies. */
  params?: Record<string, unknown>;
  outcome: AuditOutcome;
  status: number;
  error?: string;
  counts?: Record<string, number>;
  jobId?: string;
  /** The API token the request came with (its name and id; never its secret). */
  token?: string;
  tokenId?: string;
}

const text = z.string().trim().max(200).optional();
const isoDate = z.iso.datetime({ offset: true }).optional();

export const auditQuerySchema = z.strictObject({
  user: text,
  action: text,
  account: text,
  queue: text,
  outcome: z.enum(["ok", "denied", "failed", "cancelled", "partial", "interrupted", "pending"]).optional(),
  from: isoDate,
  to: isoDate,
  /** Opaque: where the previous page ended. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

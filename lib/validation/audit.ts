import { z } from "./zod";

/** Job ends add what they were: a cancel, partial work or an interruption is not "ok". */
export type AuditOutcome = "ok" | "denied" | "failed" | "cancelled" | "partial" | "interrupted";

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
}

const text = z.string().trim().max(200).optional();
const isoDate = z.iso.datetime({ offset: true }).optional();

export const auditQuerySchema = z.strictObject({
  user: text,
  action: text,
  account: text,
  queue: text,
  outcome: z.enum(["ok", "denied", "failed", "cancelled", "partial", "interrupted"]).optional(),
  from: isoDate,
  to: isoDate,
  cursor: z.string().regex(/^\d{1,9}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

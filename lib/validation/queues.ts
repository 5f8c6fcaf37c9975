import { z } from "zod";
import { queryFlag } from "./common";

export const listQueuesQuerySchema = z.strictObject({
  prefix: z
    .string()
    .max(63, "A prefix is at most 63 characters.")
    .regex(/^[a-z0-9-]*$/, "A prefix uses only lowercase letters, digits and hyphens.")
    .optional(),
  cursor: z.string().max(2048).optional(),
  pageSize: z.coerce.number().int().min(1).max(5000).optional(),
  counts: queryFlag,
});
export type ListQueuesQuery = z.infer<typeof listQueuesQuerySchema>;

export interface QueueSummary {
  name: string;
  metadata: Record<string, string>;
  approximateMessagesCount?: number;
}

export interface QueueListPage {
  queues: QueueSummary[];
  nextCursor: string | null;
}

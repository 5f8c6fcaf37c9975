import "server-only";
import { setMaxListeners } from "node:events";
import { AppError } from "@/lib/api/error-codes";
import { toAppError } from "@/lib/azure/errors";
import { getQueue } from "@/lib/azure/queues";
import type { AccountConfig } from "@/lib/config/accounts";
// The jobs' notes count the way the UI does.
export { plural } from "@/lib/format";

/**
 * The queue's approximate count, or 404 naming it as the job's source or target. Asked while the
 * request that starts the job waits: under the API's deadline (503 storage_unreachable within
 * seconds when storage is silent), not a job call's patient one.
 */
export async function existingCount(account: AccountConfig, queue: string, role: "source" | "target"): Promise<number> {
  try {
    return (await getQueue(account, queue)).approximateMessagesCount;
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "queue_not_found")
      throw new AppError("queue_not_found", `The ${role} queue "${queue}" does not exist.`);
    throw e;
  }
}

/**
 * Aborts `grace` ms after `signal`: a send or delete under way when cancel comes is given a moment
 * to finish (so a healthy cancel leaves no duplicate), and one that hangs is still cut off, so the
 * cancel takes effect within 2 s.
 */
export function afterGrace(signal: AbortSignal, grace: number): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  signal.addEventListener("abort", () => setTimeout(() => controller.abort(), grace).unref(), { once: true });
  return controller.signal;
}

export const inputBlob = (id: string) => `jobs/${id}/input.json`;
export const exportBlob = (id: string) => `exports/${id}.ndjson`;

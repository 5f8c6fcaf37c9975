import "server-only";
import type { AccountConfig } from "@/lib/config/accounts";
import type { AccountHealth } from "@/lib/validation/accounts";
import { getServiceClient } from "./clients";
import { toAppError } from "./errors";

/** One cheap, unretried request that tells whether the account answers with our credentials. */
export async function probeAccount(account: AccountConfig): Promise<AccountHealth> {
  const started = performance.now();
  try {
    await getServiceClient(account, "probe").listQueues({ includeMetadata: false }).byPage({ maxPageSize: 1 }).next();
    return { id: account.id, reachable: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const { code, message } = toAppError(err);
    return {
      id: account.id,
      reachable: false,
      latencyMs: Math.round(performance.now() - started),
      error: { code, message },
    };
  }
}

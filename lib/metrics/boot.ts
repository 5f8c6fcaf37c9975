import "server-only";
import { getAccountConfig } from "@/lib/azure/accounts";
import { evaluateRound, retryDueDeliveries } from "./alert-engine";
import { warmFirstScreen } from "./history";
import { onSampleRound } from "./round";

const SWEEP_MS = 30_000;
const g = globalThis as typeof globalThis & { __queuescopeAlertsBooted?: () => void };

function logFailure(what: string) {
  return (err: unknown) => console.error(`Queuescope: ${what}: ${err instanceof Error ? err.message : err}`);
}

/**
 * Server start: alert rules are checked after every round this instance's sampler stores (it only
 * samples the accounts it leads), and webhook retries that were due when another instance died are
 * picked up here too; the queue table's first screen of each round is built once it is stored.
 * Idempotent: a second call (hot reload) does not subscribe twice.
 */
export function bootAlerts(): () => void {
  if (g.__queuescopeAlertsBooted) return g.__queuescopeAlertsBooted;
  const unsubscribe = onSampleRound((round) => evaluateRound(round));
  const unwarm = onSampleRound((round) => {
    // Not awaited: alert evaluation does not wait for it, and a failure only leaves it to the first page.
    void (async () => warmFirstScreen(getAccountConfig(round.account)))().catch(() => undefined);
  });
  const sweep = setInterval(
    () => void retryDueDeliveries().catch(logFailure("alert webhook retries failed")),
    SWEEP_MS,
  );
  sweep.unref();
  const stop = () => {
    unsubscribe();
    unwarm();
    clearInterval(sweep);
    g.__queuescopeAlertsBooted = undefined;
  };
  return (g.__queuescopeAlertsBooted = stop);
}

import "server-only";
import { evaluateRound, retryDueDeliveries } from "./alert-engine";
import { onSampleRound } from "./round";

const SWEEP_MS = 30_000;
const g = globalThis as typeof globalThis & { __queuescopeAlertsBooted?: () => void };

function logFailure(what: string) {
  return (err: unknown) => console.error(`Queuescope: ${what}: ${err instanceof Error ? err.message : err}`);
}

/**
 * Server start: alert rules are checked after every round this instance's sampler stores (it only
 * samples the accounts it leads), and webhook retries that were due when another instance died are
 * picked up here too. Idempotent: a second call (hot reload) does not subscribe twice.
 */
export function bootAlerts(): () => void {
  if (g.__queuescopeAlertsBooted) return g.__queuescopeAlertsBooted;
  const unsubscribe = onSampleRound((round) => evaluateRound(round));
  const sweep = setInterval(
    () => void retryDueDeliveries().catch(logFailure("alert webhook retries failed")),
    SWEEP_MS,
  );
  sweep.unref();
  const stop = () => {
    unsubscribe();
    clearInterval(sweep);
    g.__queuescopeAlertsBooted = undefined;
  };
  return (g.__queuescopeAlertsBooted = stop);
}

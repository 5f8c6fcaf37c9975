import "server-only";
import type { RequestPolicy, RequestPolicyFactory, WebResource } from "@azure/storage-queue";

/**
 * A pipeline step that aborts a storage call, retries included, once `ms` pass: the SDK's
 * `tryTimeoutInMs` is only a hint sent to the server, so a peer that accepts the connection and
 * never answers would otherwise hold the call (and whatever waits on it) for minutes. The caller's
 * own abort signal (a cancelled job) still works: both end the call.
 *
 * Its timer and its listener on the caller's signal go as soon as the call ends. (It used
 * `AbortSignal.timeout` and `AbortSignal.any`: each call's timer then stayed for the whole
 * deadline, and each call added a dependant to a job's signal for the job's lifetime; a move makes
 * hundreds of calls a second.)
 */
export function deadlinePolicy(ms: number): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy) => ({
      sendRequest: (req: WebResource) =>
        underDeadline(req.abortSignal as AbortSignal | undefined, ms, (signal) => {
          req.abortSignal = signal;
          return next.sendRequest(req);
        }),
    }),
  };
}

/**
 * Runs `call` with a signal that aborts when `outer` does or once `ms` pass (a `TimeoutError`),
 * whichever comes first; the timer and the listener on `outer` are removed when the call ends.
 */
export async function underDeadline<T>(
  outer: AbortSignal | undefined,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (outer?.aborted) return call(outer);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${ms} ms.`, "TimeoutError")), ms);
  const onAbort = () => controller.abort(outer!.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

import "server-only";
import type { RequestPolicy, RequestPolicyFactory, WebResource } from "@azure/storage-queue";

/**
 * A pipeline step that aborts a storage call, retries included, once `ms` pass: the SDK's
 * `tryTimeoutInMs` is only a hint sent to the server, so a peer that accepts the connection and
 * never answers would otherwise hold the call (and whatever waits on it) for minutes. The caller's
 * own abort signal (a cancelled job) still works: both end the call.
 */
export function deadlinePolicy(ms: number): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy) => ({
      sendRequest(req: WebResource) {
        const timeout = AbortSignal.timeout(ms);
        req.abortSignal = req.abortSignal ? AbortSignal.any([req.abortSignal as AbortSignal, timeout]) : timeout;
        return next.sendRequest(req);
      },
    }),
  };
}

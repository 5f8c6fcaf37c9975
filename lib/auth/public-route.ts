import "server-only";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/route";
import { finishAudit, type AuditInput } from "./audit";
import { authReady } from "./ready";

/**
 * Wraps the sign-in routes, which run before anybody is known: errors become the envelope,
 * state-changing calls must be same-origin (no login CSRF), and every attempt is audited
 * (refusals of nobody signed in as per-minute counts).
 */
export function publicRoute(action: string, handler: (req: NextRequest, audit: Partial<AuditInput>) => Promise<Response>) {
  return async (req: NextRequest): Promise<Response> => {
    const audit: Partial<AuditInput> = {};
    let res: Response;
    try {
      if (req.method !== "GET") assertSameOrigin(req);
      await authReady();
      res = await handler(req, audit);
    } catch (err) {
      res = errorResponse(err);
    }
    if (req.method !== "GET" || audit.user) {
      let error: string | undefined;
      if (res.status >= 400) error = ((await res.clone().json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
      const outcome = audit.outcome ?? (res.status < 400 ? "ok" : res.status === 401 || res.status === 403 || res.status === 429 ? "denied" : "failed");
      // Nothing is changed here before the outcome is known (a session is only a signed cookie), so
      // there is no intent to record first; attempts by nobody signed in are counted, not listed.
      await finishAudit(undefined, { user: "anonymous", role: null, via: null, ...audit, action, outcome, status: res.status, ...(error ? { error } : {}) });
    }
    return res;
  };
}

import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { completeSignIn, OIDC_COOKIE_PATH, OIDC_STATE_COOKIE } from "@/lib/auth/oidc";
import { clearCookie, sessionCookie } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// The provider sends the browser back here; errors go to the sign-in page as fixed codes, so no
// text from the query string is ever shown.
export const GET = route({ role: "public", action: "auth.sign_in" }, async ({ req, audit }) => {
  audit({ via: "oidc" });
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", clearCookie(req, OIDC_STATE_COOKIE, OIDC_COOKIE_PATH));
  try {
    const { session, next } = await completeSignIn(req, req.cookies.get(OIDC_STATE_COOKIE)?.value);
    audit({ user: session.name, role: session.role });
    headers.append("set-cookie", sessionCookie(req, session));
    headers.set("location", next);
    return new Response(null, { status: 302, headers });
  } catch (err) {
    const code = err instanceof AppError && err.code === "forbidden" ? "oidc_no_role" : "oidc_failed";
    const details = err instanceof AppError ? (err.details as { user?: string } | undefined) : undefined;
    audit({
      outcome: code === "oidc_no_role" ? "denied" : "failed",
      user: details?.user ?? "unknown (identity provider)",
      params: { reason: err instanceof Error ? err.message.slice(0, 300) : "unknown" },
    });
    headers.set("location", `/login?error=${code}`);
    return new Response(null, { status: 302, headers });
  }
});

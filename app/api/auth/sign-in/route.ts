import { AppError } from "@/lib/api/error-codes";
import { validationError } from "@/lib/api/respond";
import { getAuthConfig } from "@/lib/auth/config";
import { publicRoute } from "@/lib/auth/public-route";
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from "@/lib/auth/rate-limit";
import { newSession, sessionCookie } from "@/lib/auth/session";
import { checkCredentials } from "@/lib/auth/users";
import { signInSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

export const POST = publicRoute("auth.sign_in", async (req, audit) => {
  if (!getAuthConfig().hasUsers) throw new AppError("not_found", "Sign-in with a password is not configured here.");
  const text = await req.text();
  if (text.length > 4096) throw new AppError("payload_too_large", "The request body is too large.");
  let raw: unknown;
  try {
    raw = JSON.parse(text || "{}");
  } catch {
    throw new AppError("validation_failed", "The request body is not valid JSON.");
  }
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "body");
  const { username, password } = parsed.data;
  audit.user = username;
  audit.via = "password";
  const wait = signInRetryAfter(username);
  if (wait > 0) {
    const err = new AppError("rate_limited", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.`, { retryAfterSeconds: wait });
    return Response.json(err.toEnvelope(), { status: 429, headers: { "retry-after": String(wait) } });
  }
  const user = await checkCredentials(username, password);
  if (!user) {
    recordSignInFailure(username);
    throw new AppError("unauthorized", "Wrong user name or password.");
  }
  clearSignInFailures(username);
  audit.user = user.username;
  audit.role = user.role;
  const session = newSession({ sub: user.username, name: user.username, role: user.role, via: "password" });
  return Response.json(
    { user: { name: user.username, role: user.role, via: "password", expiresAt: new Date(session.exp * 1000).toISOString() } },
    { headers: { "set-cookie": sessionCookie(req, session), "cache-control": "no-store" } },
  );
});

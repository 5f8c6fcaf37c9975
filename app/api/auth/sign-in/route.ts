import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { getAuthConfig } from "@/lib/auth/config";
import { beginSignInAttempt } from "@/lib/auth/rate-limit";
import { newSession, sessionCookie } from "@/lib/auth/session";
import { checkCredentials, findLocalUser, passwordStamp } from "@/lib/auth/users";
import { signInSchema } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

export const POST = route({ role: "public", action: "auth.sign_in" }, async (ctx) => {
  if (!getAuthConfig().hasUsers) throw new AppError("not_found", "Sign-in with a password is not configured here.");
  // Anyone can reach this route: read no more than a sign-in can need.
  const { username, password } = await ctx.body(signInSchema, { maxBytes: 4096 });
  // Only a real user's name goes into the audit: made-up names are counted together, as anonymous.
  ctx.audit({ via: "password", ...((await findLocalUser(username)) ? { user: username } : {}) });
  const attempt = await beginSignInAttempt(username);
  if (attempt.retryAfter > 0) {
    const message = `Too many failed sign-ins. Try again in ${Math.ceil(attempt.retryAfter / 60)} min.`;
    const err = new AppError("rate_limited", message, { retryAfterSeconds: attempt.retryAfter });
    return Response.json(err.toEnvelope(), { status: 429, headers: { "retry-after": String(attempt.retryAfter) } });
  }
  let user: Awaited<ReturnType<typeof checkCredentials>> = null;
  try {
    user = await checkCredentials(username, password);
  } finally {
    await attempt.end(user !== null);
  }
  if (!user) throw new AppError("unauthorized", "Wrong user name or password.");
  ctx.audit({ user: user.username, role: user.role });
  const session = newSession({
    sub: user.username,
    name: user.username,
    role: user.role,
    via: "password",
    pwd: passwordStamp(user),
  });
  return Response.json(
    {
      user: {
        name: user.username,
        role: user.role,
        via: "password",
        expiresAt: new Date(session.exp * 1000).toISOString(),
      },
    },
    { headers: { "set-cookie": sessionCookie(ctx.req, session), "cache-control": "no-store" } },
  );
});

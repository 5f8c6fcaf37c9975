import { route } from "@/lib/api/route";
import { getAuthConfig } from "@/lib/auth/config";
import { currentUser } from "@/lib/auth/roles";
import { clearCookie, revokeSession, SESSION_COOKIE } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export const POST = route({ role: "public", action: "auth.sign_out" }, async ({ req, audit }) => {
  const config = getAuthConfig();
  const user = config.mode === "sign-in" ? await currentUser(req) : null;
  if (user) audit({ user: user.name, role: user.role, via: user.via });
  if (user?.session) await revokeSession(user.session);
  const redirect =
    config.mode === "proxy"
      ? (config.proxy?.signOutUrl ?? null)
      : config.mode === "sign-in"
        ? "/login?error=signed_out"
        : null;
  return Response.json(
    { redirect },
    { headers: { "set-cookie": clearCookie(req, SESSION_COOKIE), "cache-control": "no-store" } },
  );
});

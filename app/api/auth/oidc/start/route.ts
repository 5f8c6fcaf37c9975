import { route } from "@/lib/api/route";
import { beginSignIn, OIDC_COOKIE_PATH, OIDC_STATE_COOKIE } from "@/lib/auth/oidc";
import { cookieHeader } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export const GET = route({ role: "public" }, async ({ req }) => {
  const { url, state } = await beginSignIn(req, req.nextUrl.searchParams.get("next"));
  return new Response(null, {
    status: 302,
    headers: {
      location: url,
      "set-cookie": cookieHeader(req, OIDC_STATE_COOKIE, state, 600, OIDC_COOKIE_PATH),
      "cache-control": "no-store",
    },
  });
});

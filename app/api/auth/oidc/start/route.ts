import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { beginSignIn, OIDC_COOKIE_PATH, OIDC_STATE_COOKIE } from "@/lib/auth/oidc";
import { cookieHeader } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest): Promise<Response> {
  try {
    const { url, state } = await beginSignIn(req, req.nextUrl.searchParams.get("next"));
    return new Response(null, { status: 302, headers: { location: url, "set-cookie": cookieHeader(req, OIDC_STATE_COOKIE, state, 600, OIDC_COOKIE_PATH), "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}

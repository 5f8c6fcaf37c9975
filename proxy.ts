import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/api/error-codes";
import { contentSecurityPolicy, isLoopbackHost } from "@/lib/security/headers";
import { malformedSegment } from "@/lib/security/path";

// Set by the start script when no sign-in is configured: the app then answers loopback Host
// headers only, so a page on another site cannot reach it through a rebound DNS name.
function localMode(): boolean {
  return process.env.QUEUESCOPE_LOCAL_MODE === "1";
}

export function proxy(req: NextRequest) {
  if (localMode() && !isLoopbackHost(req.headers.get("host"))) {
    return new NextResponse(
      "Queuescope runs in local mode (no sign-in configured) and only answers requests addressed to 127.0.0.1 or localhost.",
      { status: 421, headers: { "content-type": "text/plain" } },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // Lets server layouts send a signed-out user to the sign-in page and back to where they were.
  headers.set("x-pathname", `${req.nextUrl.pathname}${req.nextUrl.search}`);
  const res = refuseMalformedPath(req, headers) ?? NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  // API answers hold queue contents and who-did-what: never kept by a browser or shared cache.
  if (req.nextUrl.pathname.startsWith("/api/") && !req.nextUrl.pathname.endsWith("/download"))
    res.headers.set("cache-control", "no-store");
  if (https) res.headers.set("strict-transport-security", "max-age=31536000");
  return res;
}

/**
 * A malformed "%" escape in the path: 400 validation_failed for the API, the not-found page for
 * pages. Next would otherwise fail decoding the segment and answer a bare 500.
 */
function refuseMalformedPath(req: NextRequest, headers: Headers): NextResponse | null {
  const segment = malformedSegment(req.nextUrl.pathname);
  if (segment === null) return null;
  if (req.nextUrl.pathname.startsWith("/api/")) {
    const error = new AppError("validation_failed", "The path holds a malformed percent-encoded escape.", {
      segment: segment.slice(0, 200),
    });
    return NextResponse.json(error.toEnvelope(), { status: error.status });
  }
  // No page lives at this path: rendering it shows the app's not-found page with a 404.
  return NextResponse.rewrite(new URL("/_queuescope/not-found", req.url), { request: { headers } });
}

export const config = {
  // Next buffers a copy of every body the proxy sees and cuts it off at 10 MB, below the 32 MiB a
  // bulk import may send: that route is left out (it counts its own body, and its user check
  // refuses other Host names in local mode). Only paths without "%" are left out, so a malformed
  // escape still reaches the check above.
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|api/accounts/[^/%]+/queues/[^/%]+/messages/bulk$).*)" },
  ],
};

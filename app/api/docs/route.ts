import { route } from "@/lib/api/route";
import { docsPage } from "@/lib/openapi/docs-page";

export const dynamic = "force-dynamic";

// The nonce is the one proxy.ts put in this response's Content-Security-Policy.
export const GET = route(
  "viewer",
  async ({ req }) =>
    new Response(docsPage(req.headers.get("x-nonce") ?? ""), {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    }),
);

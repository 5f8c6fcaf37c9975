import { route } from "@/lib/api/route";
import { redocBundle } from "@/lib/openapi/docs-page";

export const dynamic = "force-dynamic";

export const GET = route(
  "viewer",
  async () =>
    new Response(await redocBundle(), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "private, max-age=3600" },
    }),
);

import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { route } from "@/lib/api/route";
import { CONTENT_TYPE, hasMetricsToken, metricsExposition } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

async function exposition(): Promise<Response> {
  return new Response(await metricsExposition(), {
    headers: { "content-type": CONTENT_TYPE, "cache-control": "no-store" },
  });
}

const asViewer = route("viewer", exposition);

/** A scraper sends QUEUESCOPE_METRICS_TOKEN as a bearer token; anyone else needs the viewer role. */
export const GET = Object.assign(
  async (req: NextRequest, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => {
    if (!hasMetricsToken(req)) return asViewer(req, ctx);
    return exposition().catch(errorResponse);
  },
  { spec: asViewer.spec },
);

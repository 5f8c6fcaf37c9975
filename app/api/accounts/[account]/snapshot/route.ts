import { route } from "@/lib/api/route";
import { accountSnapshotJson } from "@/lib/metrics/history";

export const dynamic = "force-dynamic";

export const GET = route(
  "viewer",
  async (ctx) =>
    new Response(await accountSnapshotJson(ctx.account()), { headers: { "content-type": "application/json" } }),
);

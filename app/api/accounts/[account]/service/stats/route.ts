import { route } from "@/lib/api/route";
import { getServiceStats } from "@/lib/azure/service";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) =>
  Response.json(await getServiceStats(ctx.account()), { headers: { "cache-control": "no-store" } }),
);

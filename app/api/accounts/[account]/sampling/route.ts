import { route } from "@/lib/api/route";
import { samplingCost } from "@/lib/metrics/history";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json(await samplingCost(ctx.account())));

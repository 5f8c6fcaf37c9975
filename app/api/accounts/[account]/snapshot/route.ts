import { route } from "@/lib/api/route";
import { accountSnapshot } from "@/lib/metrics/history";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json(await accountSnapshot(ctx.account())));

import { route } from "@/lib/api/route";
import { getServiceProperties, setServiceProperties } from "@/lib/azure/service";
import { updateServicePropertiesSchema } from "@/lib/validation/service";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json(await getServiceProperties(ctx.account()), { headers: { "cache-control": "no-store" } }));

export const PUT = route("admin", async (ctx) => {
  const account = ctx.account();
  const update = await ctx.body(updateServicePropertiesSchema);
  return Response.json(await setServiceProperties(account, update));
});

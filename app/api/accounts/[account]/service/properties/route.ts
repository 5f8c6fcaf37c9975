import { route } from "@/lib/api/route";
import { getServiceProperties, setServiceProperties } from "@/lib/azure/service";
import { updateServicePropertiesSchema } from "@/lib/validation/service";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) =>
  Response.json(await getServiceProperties(ctx.account()), { headers: { "cache-control": "no-store" } }),
);

export const PUT = route({ role: "admin", action: "service.properties.set" }, async (ctx) => {
  const account = ctx.account();
  const update = await ctx.body(updateServicePropertiesSchema);
  ctx.audit({
    params: { sections: Object.keys(update).filter((k) => k !== "version"), corsRules: update.cors?.length },
  });
  return Response.json(await setServiceProperties(account, update));
});

import { route } from "@/lib/api/route";
import { getAccessPolicies, setAccessPolicies } from "@/lib/azure/queues";
import { accessPoliciesSchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json({ policies: await getAccessPolicies(ctx.account(), ctx.queueName()) }));

export const PUT = route("admin", async (ctx) => {
  const account = ctx.account();
  const name = ctx.queueName();
  const { policies } = await ctx.body(accessPoliciesSchema);
  return Response.json({ policies: await setAccessPolicies(account, name, policies) });
});

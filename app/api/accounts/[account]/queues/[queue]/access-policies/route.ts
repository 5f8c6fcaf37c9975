import { route } from "@/lib/api/route";
import { getAccessPolicies, setAccessPolicies } from "@/lib/azure/queues";
import { accessPoliciesSchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) =>
  Response.json({ policies: await getAccessPolicies(ctx.account(), ctx.queueName()) }),
);

export const PUT = route({ role: "admin", action: "queue.access_policies.set" }, async (ctx) => {
  const account = ctx.account();
  const name = ctx.queueName();
  const { policies } = await ctx.body(accessPoliciesSchema);
  ctx.audit({
    params: {
      policies: policies.map((p) => ({ id: p.id, permissions: p.permissions, start: p.start, expiry: p.expiry })),
    },
  });
  return Response.json({ policies: await setAccessPolicies(account, name, policies) });
});

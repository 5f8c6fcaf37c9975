import { route } from "@/lib/api/route";
import { createQueueSas } from "@/lib/azure/queues";
import { sasRequestSchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

// A SAS is a credential: generated on request only, never cached, never logged.
export const POST = route({ role: "admin", action: "queue.sas.create" }, async (ctx) => {
  const account = ctx.account();
  const name = ctx.queueName();
  const request = await ctx.body(sasRequestSchema);
  // What was granted, never the token itself.
  ctx.audit({ params: { permissions: request.permissions, expiresOn: request.expiresOn, policyId: request.policyId } });
  return Response.json(await createQueueSas(account, name, request), { headers: { "cache-control": "no-store" } });
});

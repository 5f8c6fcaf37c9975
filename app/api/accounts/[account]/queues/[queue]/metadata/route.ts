import { route } from "@/lib/api/route";
import { setQueueMetadata } from "@/lib/azure/queues";
import { updateMetadataSchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

export const PUT = route({ role: "admin", action: "queue.metadata.set" }, async (ctx) => {
  const account = ctx.account();
  const name = ctx.queueName();
  const { metadata } = await ctx.body(updateMetadataSchema);
  ctx.audit({ params: { metadataKeys: Object.keys(metadata) } });
  return Response.json(await setQueueMetadata(account, name, metadata));
});

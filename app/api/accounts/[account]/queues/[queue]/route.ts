import { route } from "@/lib/api/route";
import { deleteQueue, getQueue } from "@/lib/azure/queues";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json(await getQueue(ctx.account(), ctx.queueName())));

export const DELETE = route({ role: "admin", action: "queue.delete" }, async (ctx) => {
  await deleteQueue(ctx.account(), ctx.queueName());
  return new Response(null, { status: 204 });
});

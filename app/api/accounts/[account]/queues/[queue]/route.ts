import { route } from "@/lib/api/route";
import { deleteQueue, getQueue } from "@/lib/azure/queues";
import { withQueueLock } from "@/lib/jobs/locks";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json(await getQueue(ctx.account(), ctx.queueName())));

export const DELETE = route({ role: "admin", action: "queue.delete" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  // Never under a running job: a move into a deleted queue would fail with messages in flight.
  await withQueueLock(account.id, queue, "delete", () => deleteQueue(account, queue));
  return new Response(null, { status: 204 });
});

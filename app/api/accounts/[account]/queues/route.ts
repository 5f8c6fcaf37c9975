import { route } from "@/lib/api/route";
import { listQueues } from "@/lib/azure/queues";
import { listQueuesQuerySchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const query = ctx.query(listQueuesQuerySchema);
  return Response.json(await listQueues(account, query));
});

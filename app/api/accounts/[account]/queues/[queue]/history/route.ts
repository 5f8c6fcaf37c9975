import { route } from "@/lib/api/route";
import { queueHistory } from "@/lib/metrics/history";
import { historyQuerySchema } from "@/lib/validation/metrics";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const { range } = ctx.query(historyQuerySchema);
  return Response.json(await queueHistory(account, queue, range));
});

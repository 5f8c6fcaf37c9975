import { route } from "@/lib/api/route";
import { accountHistory } from "@/lib/metrics/history";
import { historyQuerySchema } from "@/lib/validation/metrics";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const { range } = ctx.query(historyQuerySchema);
  return Response.json(await accountHistory(account, range));
});

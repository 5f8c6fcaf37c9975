import { route } from "@/lib/api/route";
import { startMove } from "@/lib/jobs/runner";
import { moveRequestSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

export const POST = route("operator", async (ctx) => {
  const account = ctx.account();
  const source = ctx.queueName();
  const body = await ctx.body(moveRequestSchema);
  return Response.json({ job: await startMove(account, source, body) }, { status: 202 });
});

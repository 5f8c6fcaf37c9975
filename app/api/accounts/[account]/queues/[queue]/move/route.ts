import { route } from "@/lib/api/route";
import { startMove } from "@/lib/jobs/runner";
import { moveRequestSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

export const POST = route({ role: "operator", action: "queue.move" }, async (ctx) => {
  const account = ctx.account();
  const source = ctx.queueName();
  const body = await ctx.body(moveRequestSchema);
  ctx.audit({
    params: {
      to: body.to,
      max: body.max,
      ratePerSecond: body.ratePerSecond,
      selected: body.messages?.length,
      transform: body.transform?.kind,
      where: body.where,
      dryRun: body.dryRun,
    },
  });
  const job = await startMove(account, source, body, ctx.user.name, ctx.user.role);
  ctx.audit({ jobId: job.id });
  return Response.json({ job }, { status: 202 });
});

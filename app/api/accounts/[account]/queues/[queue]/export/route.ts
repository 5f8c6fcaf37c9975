import { route } from "@/lib/api/route";
import { startExport } from "@/lib/jobs/runner";
import { exportRequestSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

// Reading past 32 means receiving: the messages are hidden for the timeout and their dequeue
// counts rise, so this needs the operator role, like a receive.
export const POST = route({ role: "operator", action: "queue.export" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(exportRequestSchema);
  ctx.audit({ params: body });
  const job = await startExport(account, queue, body, ctx.user.name, ctx.user.role);
  ctx.audit({ jobId: job.id });
  return Response.json({ job }, { status: 202 });
});

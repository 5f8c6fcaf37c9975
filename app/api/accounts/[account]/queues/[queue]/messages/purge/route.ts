import { route } from "@/lib/api/route";
import { startScan } from "@/lib/jobs/runner";
import { purgeRequestSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

// Deletes the messages that match, scanning the whole queue as a job (a dry run only counts them).
export const POST = route({ role: "operator", action: "queue.purge" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(purgeRequestSchema);
  ctx.audit({ params: { where: body.where, dryRun: body.dryRun } });
  const job = await startScan("purge", account, queue, body, { name: ctx.user.name, role: ctx.user.role });
  ctx.audit({ jobId: job.id });
  return Response.json({ job }, { status: 202 });
});

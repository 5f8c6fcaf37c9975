import { route } from "@/lib/api/route";
import { startBulkSend } from "@/lib/jobs/runner";
import { bulkSendSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export const POST = route({ role: "operator", action: "message.bulk_send" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(bulkSendSchema, { maxBytes: MAX_IMPORT_BYTES });
  ctx.audit({ params: { encoding: body.encoding, visibilityTimeout: body.visibilityTimeout, timeToLive: body.timeToLive }, counts: { messages: body.messages.length } });
  const job = await startBulkSend(account, queue, body, ctx.user.name);
  ctx.audit({ jobId: job.id });
  return Response.json({ job }, { status: 202 });
});

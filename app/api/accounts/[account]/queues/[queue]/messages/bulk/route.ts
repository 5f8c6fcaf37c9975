import { route } from "@/lib/api/route";
import { startBulkSend } from "@/lib/jobs/runner";
import { bulkSendSchema, MAX_IMPORT_BYTES } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

export const POST = route({ role: "operator", action: "message.bulk_send" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(bulkSendSchema, { maxBytes: MAX_IMPORT_BYTES });
  ctx.audit({
    params: { encoding: body.encoding, visibilityTimeout: body.visibilityTimeout, timeToLive: body.timeToLive },
    counts: { messages: body.messages.length },
  });
  const job = await startBulkSend(account, queue, body, ctx.user.name);
  ctx.audit({ jobId: job.id });
  // Set here, not by the proxy: this route is outside its matcher (see proxy.ts).
  return Response.json({ job }, { status: 202, headers: { "cache-control": "no-store" } });
});

import { route } from "@/lib/api/route";
import { startBulkSend } from "@/lib/jobs/runner";
import { bulkSendSchema } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export const POST = route("operator", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(bulkSendSchema, { maxBytes: MAX_IMPORT_BYTES });
  return Response.json({ job: await startBulkSend(account, queue, body) }, { status: 202 });
});

import { route } from "@/lib/api/route";
import { clearMessages, peekMessages, sendMessages } from "@/lib/azure/messages";
import { startClear } from "@/lib/jobs/runner";
import { clearQuerySchema, peekQuerySchema, sendMessageSchema } from "@/lib/validation/messages";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const { count } = ctx.query(peekQuerySchema);
  return Response.json({ messages: await peekMessages(account, queue, count) }, { headers: { "cache-control": "no-store" } });
});

export const POST = route("operator", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(sendMessageSchema);
  return Response.json(await sendMessages(account, queue, body), { status: 201 });
});

// ?job=1 clears in the background as a job (progress on the Jobs page); without it, the call
// answers once the queue is empty.
export const DELETE = route("operator", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  if (ctx.query(clearQuerySchema).job) return Response.json({ job: await startClear(account, queue) }, { status: 202 });
  return Response.json(await clearMessages(account, queue));
});

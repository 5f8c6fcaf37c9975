import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { clearMessages, peekMessages, sendMessages } from "@/lib/azure/messages";
import { withQueueLock } from "@/lib/jobs/locks";
import { maskerFor } from "@/lib/messages/mask";
import { startClear } from "@/lib/jobs/runner";
import { clearQuerySchema, peekQuerySchema, sendMessageSchema } from "@/lib/validation/messages";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const { count } = ctx.query(peekQuerySchema);
  return Response.json(
    { messages: await peekMessages(account, queue, count, maskerFor(account.masks, ctx.user.role)) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = route({ role: "operator", action: "message.send" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const body = await ctx.body(sendMessageSchema);
  ctx.audit({
    params: {
      encoding: body.encoding,
      count: body.count,
      visibilityTimeout: body.visibilityTimeout,
      timeToLive: body.timeToLive,
    },
  });
  const result = await sendMessages(account, queue, body);
  ctx.audit({ counts: { sent: result.sent, bytesEach: result.size } });
  return Response.json(result, { status: 201 });
});

// ?job=1 clears in the background as a job (progress on the Jobs page); without it, the call
// answers once the queue is empty.
export const DELETE = route({ role: "operator", action: "queue.clear" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  if (ctx.query(clearQuerySchema).job) {
    const job = await startClear(account, queue, ctx.user.name);
    ctx.audit({ jobId: job.id });
    return Response.json({ job }, { status: 202 });
  }
  // A clear under a running move would wipe copies already deleted from the source: refused (409).
  // Bounded below the lock's 300 s lifetime; a clear not finished by then says so (a clear job has no such bound).
  const result = await withQueueLock(account.id, queue, "clear", () =>
    clearMessages(account, queue, undefined, AbortSignal.timeout(280_000)),
  );
  if (!result.cleared)
    throw new AppError(
      "storage_unreachable",
      "The service kept timing out while clearing; part of the queue was cleared. Try again, or clear it as a job.",
    );
  ctx.audit({ counts: { approximateBefore: result.approximateBefore } });
  return Response.json(result);
});

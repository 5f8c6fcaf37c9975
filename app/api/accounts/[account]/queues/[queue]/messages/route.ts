import { route } from "@/lib/api/route";
import { clearMessages, peekMessages, sendMessages } from "@/lib/azure/messages";
import { peekQuerySchema, sendMessageSchema } from "@/lib/validation/messages";

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

export const DELETE = route("operator", async (ctx) => Response.json(await clearMessages(ctx.account(), ctx.queueName())));

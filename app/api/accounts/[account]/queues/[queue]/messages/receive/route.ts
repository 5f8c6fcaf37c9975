import { route } from "@/lib/api/route";
import { receiveMessages } from "@/lib/azure/messages";
import { receiveSchema } from "@/lib/validation/messages";

export const dynamic = "force-dynamic";

// Receiving hides the messages for the visibility timeout and raises their dequeue count.
export const POST = route("operator", async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const { count, visibilityTimeout } = await ctx.body(receiveSchema);
  return Response.json({ messages: await receiveMessages(account, queue, count, visibilityTimeout) }, { headers: { "cache-control": "no-store" } });
});

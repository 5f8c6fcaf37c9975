import { route } from "@/lib/api/route";
import { receiveMessages } from "@/lib/azure/messages";
import { maskerFor } from "@/lib/messages/mask";
import { receiveSchema } from "@/lib/validation/messages";

export const dynamic = "force-dynamic";

// Receiving hides the messages for the visibility timeout and raises their dequeue count.
export const POST = route({ role: "operator", action: "message.receive" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const { count, visibilityTimeout } = await ctx.body(receiveSchema);
  ctx.audit({ params: { count, visibilityTimeout } });
  const messages = await receiveMessages(
    account,
    queue,
    count,
    visibilityTimeout,
    maskerFor(account.masks, ctx.user.role),
  );
  ctx.audit({ counts: { received: messages.length } });
  return Response.json({ messages }, { headers: { "cache-control": "no-store" } });
});

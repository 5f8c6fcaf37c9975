import { AppError } from "@/lib/api/error-codes";
import { route, type RouteContext } from "@/lib/api/route";
import { deleteMessage, updateMessage } from "@/lib/azure/messages";
import { isMasked } from "@/lib/messages/mask";
import { deleteMessageQuerySchema, messageIdSchema, updateMessageSchema } from "@/lib/validation/messages";

export const dynamic = "force-dynamic";

function messageId(ctx: RouteContext): string {
  const parsed = messageIdSchema.safeParse(ctx.param("id"));
  if (!parsed.success) throw new AppError("validation_failed", "path.id: Not a message id.");
  return parsed.data;
}

export const PUT = route({ role: "operator", action: "message.update" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const id = messageId(ctx);
  const body = await ctx.body(updateMessageSchema);
  ctx.audit({
    params: {
      id,
      contentChanged: body.text !== undefined,
      encoding: body.encoding,
      visibilityTimeout: body.visibilityTimeout,
    },
  });
  // A user who sees this account's messages masked never saw the values a new text would replace:
  // saving what they saw would write the mask over them. Visibility stays theirs to change.
  if (body.text !== undefined && isMasked(account.masks, ctx.user.role))
    throw new AppError(
      "forbidden",
      "Messages in this account are masked for your role: you can change a message's visibility, not its content (saving would write the masked values over the real ones).",
    );
  return Response.json(await updateMessage(account, queue, id, body));
});

export const DELETE = route({ role: "operator", action: "message.delete" }, async (ctx) => {
  const account = ctx.account();
  const queue = ctx.queueName();
  const id = messageId(ctx);
  ctx.audit({ params: { id } });
  const { popReceipt } = ctx.query(deleteMessageQuerySchema);
  await deleteMessage(account, queue, id, popReceipt);
  return new Response(null, { status: 204 });
});

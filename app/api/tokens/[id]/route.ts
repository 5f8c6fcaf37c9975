import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { revokeToken, tokenOwnerOf } from "@/lib/auth/tokens";
import { tokenIdSchema } from "@/lib/validation/tokens";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "viewer", action: "token.revoke", ownStateOnly: true }, async (ctx) => {
  const id = tokenIdSchema.safeParse(ctx.param("id"));
  if (!id.success) throw new AppError("not_found", "No such token.");
  ctx.audit({ params: { id: id.data } });
  const token = await revokeToken(tokenOwnerOf(ctx.user), id.data);
  ctx.audit({ params: { id: token.id, name: token.name, owner: token.owner } });
  return Response.json(token, { headers: { "cache-control": "no-store" } });
});

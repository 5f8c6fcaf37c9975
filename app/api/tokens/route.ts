import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { createToken, listTokens, tokenOwnerOf } from "@/lib/auth/tokens";
import { createTokenSchema } from "@/lib/validation/tokens";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

export const GET = route("viewer", async (ctx) =>
  Response.json({ tokens: await listTokens(tokenOwnerOf(ctx.user)) }, { headers: NO_STORE }),
);

// Everyone may make tokens for themselves (never above their own role); a token may not mint
// another one, so a leaked token cannot outlive its own expiry or revocation.
export const POST = route({ role: "viewer", action: "token.create", ownStateOnly: true }, async (ctx) => {
  if (ctx.user.token) throw new AppError("forbidden", "An API token cannot create tokens: sign in to create one.");
  const body = await ctx.body(createTokenSchema, { maxBytes: 4096 });
  ctx.audit({ params: { ...body } });
  const created = await createToken(tokenOwnerOf(ctx.user), body);
  ctx.audit({ params: { ...body, id: created.info.id } });
  return Response.json(created, { status: 201, headers: NO_STORE });
});

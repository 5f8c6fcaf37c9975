import { z } from "./zod";

export const TOKEN_MAX_DAYS = 365;
const ROLE = z.enum(["viewer", "operator", "admin"]);

/** `qst_<24 hex id>_<43 base64url secret>`: the prefix lets secret scanners and proxies tell our tokens apart. */
export const TOKEN_PATTERN = /^qst_([a-f0-9]{24})_([A-Za-z0-9_-]{43})$/;

export const tokenIdSchema = z.string().regex(/^[a-f0-9]{24}$/, "Not a token id.");

export const createTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Name the token (what script uses it).")
    .max(64, "A token name is at most 64 characters.")
    .regex(/^[\w .@:/-]+$/, "A token name uses letters, digits, spaces and . _ @ : / -"),
  role: ROLE.describe("At most the creator's own role."),
  expiresInDays: z
    .number({ error: "expiresInDays must be a whole number of days." })
    .int("expiresInDays must be a whole number of days.")
    .min(1, "A token lasts at least 1 day.")
    .max(TOKEN_MAX_DAYS, `A token lasts at most ${TOKEN_MAX_DAYS} days.`),
});
export type CreateTokenRequest = z.infer<typeof createTokenSchema>;

export const tokenDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: ROLE,
  /** Who created it; the token never acts above this person's current role. */
  owner: z.string(),
  ownerVia: z.enum(["local", "password", "oidc", "proxy"]),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  state: z.enum(["active", "expired", "revoked"]),
});
export type TokenDto = z.infer<typeof tokenDtoSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenDtoSchema) });
/** The only answer that holds the secret: it is not kept anywhere but as a hash. */
export const createdTokenSchema = z.object({ token: z.string().regex(TOKEN_PATTERN), info: tokenDtoSchema });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

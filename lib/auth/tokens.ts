import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import { ROLES, roleFor, type AuthConfig, type Role } from "@/lib/config/auth";
import { getRecord, insertRecord, mergeRecord, queryRecords, type StoredEntity } from "@/lib/state/store";
import { TOKEN_PATTERN, type CreateTokenRequest, type TokenDto } from "@/lib/validation/tokens";
import type { CurrentUser } from "./roles";
import { findLocalUser } from "./users";

/*
 * API tokens live in the "tokens" table, one record per token (partition: its id). Only a SHA-256
 * of the secret is kept: the secret is 256 random bits, so a slow hash would buy nothing. A token
 * acts for its owner and never above them: its role is capped, on every request, by the role its
 * owner holds now (a removed owner, or a sign-in method switched off, stops the token).
 */
const ROW = "token";

type OwnerVia = TokenDto["ownerVia"];

/** Who a token acts for; `grants` are what the owner's role is worked out from again (OIDC claims, proxy name and groups). */
export interface TokenOwner {
  name: string;
  role: Role;
  via: OwnerVia;
  grants?: string[];
}

interface TokenRecord {
  [field: string]: string;
  hash: string;
  name: string;
  role: Role;
  owner: string;
  ownerVia: OwnerVia;
  /** JSON array; "[]" when the owner's role comes from the users table or local mode. */
  ownerGrants: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string;
}

const digest = (secret: string) => createHash("sha256").update(secret).digest();
const lower = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);

function toDto(r: StoredEntity<TokenRecord>, now = Date.now()): TokenDto {
  const state = r.revokedAt ? "revoked" : Date.parse(r.expiresAt) <= now ? "expired" : "active";
  return {
    id: r.partitionKey,
    name: r.name,
    role: r.role,
    owner: r.owner,
    ownerVia: r.ownerVia,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt || null,
    state,
  };
}

/** The person behind a request: a token's owner when it came with a token. */
export function tokenOwnerOf(user: CurrentUser): TokenOwner {
  if (user.token) return { name: user.name, role: user.role, via: user.token.ownerVia };
  const via = user.via === "token" ? "local" : user.via;
  return { name: user.name, role: user.role, via, grants: via === "oidc" ? user.session?.grants : user.grants };
}

const owns = (owner: Pick<TokenOwner, "name" | "via">, r: TokenRecord) =>
  r.owner === owner.name && r.ownerVia === owner.via;

/** A new token for `owner` (never for someone else), with a role no higher than theirs. The secret is in this answer only. */
export async function createToken(
  owner: TokenOwner,
  input: CreateTokenRequest,
  now = new Date(),
): Promise<{ token: string; info: TokenDto }> {
  if (ROLES.indexOf(input.role) > ROLES.indexOf(owner.role))
    throw new AppError("forbidden", `A token's role is at most your own (${owner.role}).`);
  const id = randomBytes(12).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const record: TokenRecord = {
    hash: digest(secret).toString("base64url"),
    name: input.name,
    role: input.role,
    owner: owner.name,
    ownerVia: owner.via,
    ownerGrants: JSON.stringify(owner.grants ?? []),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    revokedAt: "",
  };
  const etag = await insertRecord("tokens", { partitionKey: id, rowKey: ROW, ...record });
  return {
    token: `qst_${id}_${secret}`,
    info: toDto({ ...record, partitionKey: id, rowKey: ROW, etag }, now.getTime()),
  };
}

/** Admins see every token; everyone else their own. Never the hash. */
export async function listTokens(viewer: TokenOwner): Promise<TokenDto[]> {
  const records = await queryRecords<TokenRecord>("tokens");
  return records
    .filter((r) => viewer.role === "admin" || owns(viewer, r))
    .map((r) => toDto(r))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Revokes (kept, marked): admins any token, others their own; someone else's token is "not found" to them. */
export async function revokeToken(viewer: TokenOwner, id: string, now = new Date()): Promise<TokenDto> {
  const record = await getRecord<TokenRecord>("tokens", id, ROW);
  if (!record || (viewer.role !== "admin" && !owns(viewer, record))) throw new AppError("not_found", "No such token.");
  if (record.revokedAt) return toDto(record);
  const revoked = { ...record, revokedAt: now.toISOString() };
  await mergeRecord("tokens", { partitionKey: id, rowKey: ROW, revokedAt: revoked.revokedAt }, record.etag);
  return toDto(revoked, now.getTime());
}

/** The role the owner holds now, in the sign-in configuration in force; null when they no longer may sign in. */
async function ownerRoleNow(r: TokenRecord, config: AuthConfig): Promise<Role | null> {
  const grants = JSON.parse(r.ownerGrants || "[]") as string[];
  switch (r.ownerVia) {
    case "local":
      return config.mode === "local" ? "admin" : null;
    case "password":
      return config.mode === "sign-in" ? ((await findLocalUser(r.owner))?.role ?? null) : null;
    case "oidc":
      return config.oidc ? (roleFor(grants, config.oidc.roles) ?? null) : null;
    case "proxy":
      return config.proxy ? (roleFor(grants, config.proxy.roles) ?? config.proxy.defaultRole ?? null) : null;
    default:
      return null;
  }
}

export interface TokenIdentity {
  owner: string;
  ownerVia: OwnerVia;
  role: Role;
  token: { id: string; name: string };
}

/**
 * Who a presented token is. Anything but a live token of ours is 401 unauthorized, in every mode;
 * the answer says why only once the secret matched (a wrong secret learns nothing).
 */
export async function authenticateToken(
  presented: string,
  config: AuthConfig,
  now = Date.now(),
): Promise<TokenIdentity> {
  const invalid = () => new AppError("unauthorized", "The API token is not valid.");
  const match = TOKEN_PATTERN.exec(presented);
  if (!match) throw invalid();
  const [, id, secret] = match as unknown as [string, string, string];
  const record = await getRecord<TokenRecord>("tokens", id, ROW);
  const expected = record ? Buffer.from(record.hash, "base64url") : digest("");
  const given = digest(secret);
  if (!(expected.length === given.length && timingSafeEqual(expected, given)) || !record) throw invalid();
  if (record.revokedAt) throw new AppError("unauthorized", `The API token "${record.name}" was revoked.`);
  if (Date.parse(record.expiresAt) <= now)
    throw new AppError("unauthorized", `The API token "${record.name}" expired on ${record.expiresAt}.`);
  const ownerRole = await ownerRoleNow(record, config);
  if (!ownerRole)
    throw new AppError(
      "unauthorized",
      `The API token "${record.name}" no longer works: its owner ${record.owner} cannot sign in here any more.`,
    );
  return {
    owner: record.owner,
    ownerVia: record.ownerVia,
    role: lower(record.role, ownerRole),
    token: { id, name: record.name },
  };
}

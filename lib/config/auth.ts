// Pure sign-in configuration parsing, shared by the start script (which must know whether it may
// listen beyond loopback) and the server. Secrets here (session secret, client secret) stay on the
// server: only lib/auth and the start script import this file.
import path from "node:path";
import { z } from "../validation/zod";
import { ConfigError } from "./accounts";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Which claim values (app roles, group ids, user names) grant which role; the highest match wins. */
export type RoleMap = Partial<Record<Role, string[]>>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roles: RoleMap;
  /** The button text: "Sign in with Microsoft" unless configured. */
  label: string;
  /** Fixed origin for the redirect URI behind proxies; otherwise taken from the request. */
  publicUrl?: string;
}

export interface ProxyAuthConfig {
  userHeader: string;
  groupsHeader?: string;
  roles: RoleMap;
  defaultRole?: Role;
  signOutUrl?: string;
}

export type AuthMode = "local" | "sign-in" | "proxy";

export interface AuthConfig {
  mode: AuthMode;
  /** The users file of earlier versions (JSON): imported into the state store once, then renamed `*.imported`. */
  usersFile: string;
  /** Whether the state store held at least one local user when the server started. */
  hasUsers: boolean;
  oidc?: OidcConfig;
  proxy?: ProxyAuthConfig;
  sessionSeconds: number;
  /** From QUEUESCOPE_SESSION_SECRET; otherwise one generated once and kept in the state store. */
  sessionSecret?: string;
  readOnly: boolean;
  dataDir: string;
}

export const userRecordSchema = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, "use 1-64 letters, digits, dots, underscores, @ or hyphens"),
  role: z.enum(ROLES),
  passwordHash: z
    .string()
    .regex(/^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[\w-]{16,}\$[\w-]{16,}$/, "must be a hash made by npm run user:add"),
});
export type UserRecord = z.infer<typeof userRecordSchema>;
export const usersFileSchema = z.strictObject({ users: z.array(userRecordSchema) });

const roleMapSchema = z.partialRecord(z.enum(ROLES), z.array(z.string().min(1)));

export interface AuthConfigSource {
  env: NodeJS.ProcessEnv;
  /** Local users live in the state store: whoever loads the configuration has looked (at start). */
  hasUsers?: boolean;
}

function parseRoleMap(name: string, raw: string | undefined): RoleMap {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      `${name} is not valid JSON (expected e.g. {"admin":["Queuescope.Admin"],"operator":["<group id>"]}).`,
    );
  }
  const parsed = roleMapSchema.safeParse(value);
  if (!parsed.success)
    throw new ConfigError(
      `${name}: ${parsed.error.issues[0]?.message ?? "invalid"} (keys are viewer, operator, admin; values are lists of names).`,
    );
  return parsed.data;
}

function flag(v: string | undefined): boolean {
  return v !== undefined && ["1", "true", "yes", "on"].includes(v.trim().toLowerCase());
}

/** Reads a users file of earlier versions; a missing file means no users. Errors name the file and the entry. */
export function readUsersFile(
  file: string,
  src: { readFile(path: string): string; exists(path: string): boolean },
): UserRecord[] {
  if (!src.exists(file)) return [];
  let value: unknown;
  try {
    value = JSON.parse(src.readFile(file));
  } catch {
    throw new ConfigError(`users file ${file} is not valid JSON.`);
  }
  const parsed = usersFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`users file ${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data.users;
}

function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.QUEUESCOPE_OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(issuer))
    throw new ConfigError(
      "QUEUESCOPE_OIDC_ISSUER must be an http(s) URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0.",
    );
  const clientId = env.QUEUESCOPE_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.QUEUESCOPE_OIDC_CLIENT_SECRET;
  if (!clientId) throw new ConfigError("QUEUESCOPE_OIDC_CLIENT_ID is required with QUEUESCOPE_OIDC_ISSUER.");
  if (!clientSecret) throw new ConfigError("QUEUESCOPE_OIDC_CLIENT_SECRET is required with QUEUESCOPE_OIDC_ISSUER.");
  const roles = parseRoleMap("QUEUESCOPE_OIDC_ROLES", env.QUEUESCOPE_OIDC_ROLES);
  if (Object.keys(roles).length === 0)
    throw new ConfigError(
      'QUEUESCOPE_OIDC_ROLES is required with QUEUESCOPE_OIDC_ISSUER: map app roles or group ids to roles, e.g. {"admin":["Queuescope.Admin"]}.',
    );
  const publicUrl = env.QUEUESCOPE_PUBLIC_URL?.trim() || undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+\/?$/.test(publicUrl))
    throw new ConfigError("QUEUESCOPE_PUBLIC_URL must be an origin such as https://queuescope.example.com.");
  return {
    issuer,
    clientId,
    clientSecret,
    roles,
    label: env.QUEUESCOPE_OIDC_LABEL?.trim() || "Sign in with Microsoft",
    publicUrl: publicUrl?.replace(/\/$/, ""),
  };
}

function proxyFrom(env: NodeJS.ProcessEnv): ProxyAuthConfig | undefined {
  const userHeader = env.QUEUESCOPE_PROXY_USER_HEADER?.trim().toLowerCase();
  if (!userHeader) return undefined;
  const header = /^[a-z0-9-]+$/;
  if (!header.test(userHeader))
    throw new ConfigError("QUEUESCOPE_PROXY_USER_HEADER must be a header name, e.g. X-MS-CLIENT-PRINCIPAL-NAME.");
  const groupsHeader = env.QUEUESCOPE_PROXY_GROUPS_HEADER?.trim().toLowerCase() || undefined;
  if (groupsHeader && !header.test(groupsHeader))
    throw new ConfigError("QUEUESCOPE_PROXY_GROUPS_HEADER must be a header name.");
  const defaultRole = env.QUEUESCOPE_PROXY_DEFAULT_ROLE?.trim() || undefined;
  if (defaultRole && !ROLES.includes(defaultRole as Role))
    throw new ConfigError("QUEUESCOPE_PROXY_DEFAULT_ROLE must be viewer, operator or admin.");
  const roles = parseRoleMap("QUEUESCOPE_PROXY_ROLES", env.QUEUESCOPE_PROXY_ROLES);
  if (Object.keys(roles).length === 0 && !defaultRole)
    throw new ConfigError(
      "QUEUESCOPE_PROXY_ROLES (or QUEUESCOPE_PROXY_DEFAULT_ROLE) is required with QUEUESCOPE_PROXY_USER_HEADER.",
    );
  return {
    userHeader,
    groupsHeader,
    roles,
    defaultRole: defaultRole as Role | undefined,
    signOutUrl: env.QUEUESCOPE_PROXY_SIGN_OUT_URL?.trim() || undefined,
  };
}

export function loadAuthConfig(src: AuthConfigSource): AuthConfig {
  const { env } = src;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.QUEUESCOPE_DATA_DIR || ".data");
  const usersFile = path.resolve(
    /*turbopackIgnore: true*/ env.QUEUESCOPE_USERS_FILE || path.join(dataDir, "users.json"),
  );
  const hasUsers = src.hasUsers ?? false;
  const oidc = oidcFrom(env);
  const proxy = proxyFrom(env);
  if (proxy && (oidc || hasUsers))
    throw new ConfigError(
      "QUEUESCOPE_PROXY_USER_HEADER (trusted-header mode) cannot be combined with local users or QUEUESCOPE_OIDC_ISSUER: pick one way to sign in.",
    );
  const ttl = env.QUEUESCOPE_SESSION_TTL?.trim();
  const sessionSeconds = ttl ? Number(ttl) : 8 * 3600;
  if (!Number.isInteger(sessionSeconds) || sessionSeconds < 1 || sessionSeconds > 30 * 24 * 3600)
    throw new ConfigError("QUEUESCOPE_SESSION_TTL must be a whole number of seconds between 1 and 2592000.");
  const sessionSecret = env.QUEUESCOPE_SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32)
    throw new ConfigError("QUEUESCOPE_SESSION_SECRET must be at least 32 characters.");
  return {
    mode: proxy ? "proxy" : oidc || hasUsers ? "sign-in" : "local",
    usersFile,
    hasUsers,
    oidc,
    proxy,
    sessionSeconds,
    sessionSecret,
    readOnly: flag(env.QUEUESCOPE_READ_ONLY),
    dataDir,
  };
}

/** The highest role any of the values grants, if any. */
export function roleFor(values: Iterable<string>, map: RoleMap): Role | undefined {
  const have = new Set(values);
  for (const role of [...ROLES].reverse()) if (map[role]?.some((v) => have.has(v))) return role;
  return undefined;
}

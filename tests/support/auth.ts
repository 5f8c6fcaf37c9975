// Access-control helpers for integration tests: local users in the state store, real sign-ins
// through the sign-in route, forged session cookies, captured output, the audit log, and every API
// route module.
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { vi } from "vitest";
import { POST as signInRoute } from "@/app/api/auth/sign-in/route";
import type { RouteSpec } from "@/lib/api/route";
import { auditFlushed, listAudit } from "@/lib/auth/audit";
import { authReady } from "@/lib/auth/ready";
import { listLocalUsers, putLocalUser, removeLocalUser } from "@/lib/auth/users";
import { SESSION_COOKIE, signValue, type SessionClaims } from "@/lib/auth/session";
import type { Role } from "@/lib/config/auth";
import { resetJobRuntime } from "@/lib/jobs/runner";
import { hashPassword } from "@/lib/security/password";
import type { AuditEntry } from "@/lib/validation/audit";
// Aliased: a name starting with "use" reads as a React hook to the linter.
import { useEnv as applyEnv, type CallOptions } from "./api";

export const ROLE_ORDER = ["viewer", "operator", "admin"] as const satisfies readonly Role[];

/** Roles that do not reach `need`. */
export function rolesBelow(need: Role): Role[] {
  return ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(need));
}

export interface TestUser {
  username: string;
  role: Role;
  password: string;
}

const secretPart = () => randomBytes(6).toString("hex");

/** One user of each role; passwords are random per run so a leak into a log can be searched for. */
export const USERS = {
  viewer: { username: "vera", role: "viewer", password: `viewer-pw-${secretPart()}` },
  operator: { username: "otto", role: "operator", password: `operator-pw-${secretPart()}` },
  admin: { username: "ada", role: "admin", password: `admin-pw-${secretPart()}` },
} as const satisfies Record<Role, TestUser>;

const hashes = new Map<string, Promise<string>>();

/** Makes these the local users in the state store, as `npm run user:add` writes them (scrypt hashes, never the passwords). */
export async function writeUsers(users: readonly TestUser[]): Promise<void> {
  const records = await Promise.all(
    users.map(async (u) => {
      if (!hashes.has(u.password)) hashes.set(u.password, hashPassword(u.password));
      return { username: u.username, role: u.role, passwordHash: await hashes.get(u.password)! };
    }),
  );
  const keep = new Set(records.map((r) => r.username.toLowerCase()));
  for (const old of await listLocalUsers())
    if (!keep.has(old.username.toLowerCase())) await removeLocalUser(old.username);
  for (const r of records) await putLocalUser(r);
}

/** A state-store table prefix of its own: fresh users, audit log, sessions, limits and jobs. */
export function freshStatePrefix(): string {
  return `qs${randomBytes(5).toString("hex")}`;
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `queuescope-it-${label}-`));
}

/** Every sign-in related variable, cleared: each suite states the configuration it needs. */
const CLEAN_AUTH_ENV = {
  QUEUESCOPE_USERS_FILE: undefined,
  QUEUESCOPE_READ_ONLY: undefined,
  QUEUESCOPE_SESSION_TTL: undefined,
  QUEUESCOPE_SESSION_SECRET: undefined,
  QUEUESCOPE_ACCOUNTS: undefined,
  QUEUESCOPE_OIDC_ISSUER: undefined,
  QUEUESCOPE_PROXY_USER_HEADER: undefined,
  QUEUESCOPE_PROXY_GROUPS_HEADER: undefined,
  QUEUESCOPE_PROXY_ROLES: undefined,
  QUEUESCOPE_PROXY_DEFAULT_ROLE: undefined,
  QUEUESCOPE_PROXY_SIGN_OUT_URL: undefined,
} as const;

export interface AuthEnv {
  dataDir: string;
  /** The state store's table prefix this configuration uses. */
  prefix: string;
}

/**
 * A fresh data folder and fresh state-store tables (audit log, session key, revocations, limits,
 * jobs) with sign-in by local users (by default one per role), plus any other variables given.
 * Drops every cached key and limit, and loads the configuration the way a server start does.
 */
export async function configureSignIn(
  label: string,
  opts: { users?: readonly TestUser[]; env?: Record<string, string | undefined> } = {},
): Promise<AuthEnv> {
  const dataDir = tempDir(label);
  const prefix = freshStatePrefix();
  applyEnv({ ...CLEAN_AUTH_ENV, QUEUESCOPE_DATA_DIR: dataDir, QUEUESCOPE_STATE_PREFIX: prefix, ...opts.env });
  const users = opts.users ?? Object.values(USERS);
  if (users.length) await writeUsers(users);
  resetJobRuntime();
  await authReady();
  return { dataDir, prefix };
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Answer {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON answers
  json: any;
  headers: Headers;
}

/**
 * Like `call` from api.ts, but with a session cookie and the response headers. A mutation with a
 * cookie carries the Origin a browser would send, unless `origin: null` asks for none.
 */
export async function send(
  handler: Handler,
  opts: CallOptions & { cookie?: string; origin?: string | null } = {},
): Promise<Answer> {
  const url = new URL("http://127.0.0.1:3000/api/test");
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = { host: "127.0.0.1:3000" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.cookie !== undefined) headers.cookie = `${SESSION_COOKIE}=${opts.cookie}`;
  const mutating = !["GET", "HEAD", "OPTIONS"].includes(opts.method ?? "GET");
  const origin =
    opts.origin === undefined ? (opts.cookie !== undefined && mutating ? "http://127.0.0.1:3000" : null) : opts.origin;
  if (origin !== null) headers.origin = origin;
  const req = new NextRequest(url, {
    method: opts.method ?? "GET",
    headers: { ...headers, ...opts.headers },
    body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  const json = text && res.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : undefined;
  return { status: res.status, text, json, headers: res.headers };
}

/** The value of `name` set by a Set-Cookie header, if any. */
export function setCookieValue(headers: Headers, name = SESSION_COOKIE): string | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** Signs in through the real sign-in route; `cookie` is the `qs_session` value when it worked. */
export async function signIn(
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Answer & { cookie?: string; setCookie?: string }> {
  const res = await send(signInRoute, { method: "POST", body: { username, password }, headers });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { ...res, cookie: setCookieValue(res.headers), setCookie };
}

/** Signs in as `user` and returns the session cookie value, failing loudly when sign-in does not work. */
export async function sessionFor(user: TestUser): Promise<string> {
  const res = await signIn(user.username, user.password);
  if (res.status !== 200 || !res.cookie)
    throw new Error(`sign-in as ${user.username} failed: ${res.status} ${res.text}`);
  return res.cookie;
}

// ---- forged cookies ----

/** The claims inside a `payload.signature` cookie, without checking anything. */
export function decodeCookie(cookie: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cookie.split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The same cookie with edited claims and the ORIGINAL signature. */
export function withEditedClaims(cookie: string, changes: Record<string, unknown>): string {
  const [, sig] = cookie.split(".");
  return `${Buffer.from(JSON.stringify({ ...decodeCookie(cookie), ...changes })).toString("base64url")}.${sig}`;
}

/** Signed exactly like the app signs, but with another key. */
export function signWithSecret(purpose: string, value: object, secret: string): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(`${purpose}.${payload}`).digest("base64url")}`;
}

/** Session claims that would be valid now (an hour left) unless overridden. */
export function claims(over: Partial<SessionClaims> & Record<string, unknown> = {}): SessionClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    sid: `forged-${secretPart()}`,
    sub: "ada",
    name: "ada",
    role: "admin",
    via: "password",
    iat: now,
    exp: now + 3600,
    ...over,
  };
}

/** A cookie signed with the app's real key (for the current data folder / secret). */
export function signedSession(
  over: Partial<SessionClaims> & Record<string, unknown> = {},
  purpose = "session",
): string {
  return signValue(purpose, claims(over));
}

// ---- audit log and output ----

/** Every stored audit entry, oldest first (read back through listAudit, page by page). */
export async function auditEntries(): Promise<AuditEntry[]> {
  await auditFlushed();
  const all: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAudit({ limit: 500, cursor });
    all.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all.reverse();
}

/** The stored audit log as text, one JSON entry a line (what a secrets scan reads). */
export async function auditText(): Promise<string> {
  return (await auditEntries()).map((e) => `${JSON.stringify(e)}\n`).join("");
}

/**
 * The audit entries written while `fn` ran: new ones, and counted refusals whose count grew (one
 * entry per minute counts refusals of requests nobody was signed in for).
 */
export async function auditDuring<T>(fn: () => Promise<T>): Promise<{ result: T; entries: AuditEntry[] }> {
  const before = new Map((await auditEntries()).map((e) => [e.id, JSON.stringify(e)]));
  const result = await fn();
  return { result, entries: (await auditEntries()).filter((e) => before.get(e.id) !== JSON.stringify(e)) };
}

/** Records (and silences) everything written to stdout, stderr and the console until `restore()`. */
export function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(
      args
        .map((a) =>
          typeof a === "string" ? a : a instanceof Uint8Array ? Buffer.from(a).toString("utf8") : JSON.stringify(a),
        )
        .join(" "),
    );
  };
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (record(chunk), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (record(chunk), true)),
    ...(["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(record)),
  ];
  return { text: () => chunks.join("\n"), restore: () => spies.forEach((s) => s.mockRestore()) };
}

// ---- every API route ----

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type SpecHandler = Handler & { spec?: RouteSpec };

export interface ApiHandler {
  /** e.g. "/api/accounts/[account]/queues/[queue]" */
  path: string;
  file: string;
  method: HttpMethod;
  /** Dynamic segments, in order. */
  params: string[];
  handler: SpecHandler;
  /** `{role, action}` for handlers made with route(); undefined for the public sign-in routes. */
  spec?: RouteSpec;
  /** `METHOD /api/...` */
  key: string;
}

const API_ROOT = path.resolve(import.meta.dirname, "../../app/api");

/** Globs app/api/ for route.ts files, imports each one and lists every exported HTTP method. */
export async function apiHandlers(): Promise<ApiHandler[]> {
  const files = (readdirSync(API_ROOT, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.join(API_ROOT, f))
    .sort();
  const out: ApiHandler[] = [];
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const routePath = `/api/${path.relative(API_ROOT, path.dirname(file)).split(path.sep).join("/")}`.replace(
      /\/$/,
      "",
    );
    const params = [...routePath.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
    for (const method of HTTP_METHODS) {
      const handler = mod[method] as SpecHandler | undefined;
      if (typeof handler !== "function") continue;
      out.push({ path: routePath, file, method, params, handler, spec: handler.spec, key: `${method} ${routePath}` });
    }
  }
  return out;
}

export const isMutation = (h: ApiHandler) => !["GET", "HEAD", "OPTIONS"].includes(h.method);

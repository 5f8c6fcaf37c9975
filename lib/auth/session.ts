import "server-only";
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Role } from "@/lib/config/auth";
import { insertIfAbsent } from "@/lib/state/atomic";
import { getRecord, upsertRecord } from "@/lib/state/store";
import { getAuthConfig, resetAuthConfig } from "./config";

export const SESSION_COOKIE = "qs_session";

export interface SessionClaims {
  /** Session id: sign-out revokes it even if a copy of the cookie survives. */
  sid: string;
  sub: string;
  name: string;
  role: Role;
  via: "password" | "oidc";
  /** Local users: passwordStamp() of the hash they signed in with. */
  pwd?: string;
  /** OpenID Connect: the app roles and groups of the ID token that QUEUESCOPE_OIDC_ROLES names. */
  grants?: string[];
  iat: number;
  exp: number;
}

const cache = globalThis as typeof globalThis & { __queuescopeSecret?: Buffer };

/** Where the generated key is kept in the "settings" table. */
export const SESSION_KEY_RECORD = { partitionKey: "session-key", rowKey: "current" } as const;

/**
 * Loads the signing key once per process: QUEUESCOPE_SESSION_SECRET, or one generated once and kept
 * in the state store. Insert-if-absent: of two instances starting together, the first write wins
 * and both sign with it.
 */
export async function loadSessionKey(): Promise<void> {
  const configured = getAuthConfig().sessionSecret;
  if (configured) {
    cache.__queuescopeSecret = Buffer.from(configured, "utf8");
    return;
  }
  const stored = await insertIfAbsent("settings", SESSION_KEY_RECORD.partitionKey, SESSION_KEY_RECORD.rowKey, {
    value: randomBytes(32).toString("base64url"),
  });
  cache.__queuescopeSecret = Buffer.from(String(stored.value), "utf8");
}

function secret(): Buffer {
  if (!cache.__queuescopeSecret) throw new Error("The session key is not loaded yet (authReady() loads it at start).");
  return cache.__queuescopeSecret;
}

/** Forgets the cached key, and so the loaded configuration that loads it (tests switch stores and secrets). */
export function resetSessionState(): void {
  cache.__queuescopeSecret = undefined;
  confirmations.__queuescopeConfirmed = undefined;
  resetAuthConfig();
}

function mac(purpose: string, payload: string): Buffer {
  return createHmac("sha256", secret()).update(`${purpose}.${payload}`).digest();
}

/** `payload.signature`, both base64url; the purpose keeps a state cookie from passing as a session. */
export function signValue(purpose: string, value: object): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${mac(purpose, payload).toString("base64url")}`;
}

export function verifyValue<T extends { exp: number }>(
  purpose: string,
  token: string | undefined,
  now = Date.now(),
): T | null {
  if (!token || token.length > 4096) return null;
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as T;
    return typeof value.exp === "number" && value.exp * 1000 > now ? value : null;
  } catch {
    return null;
  }
}

export function newSession(
  user: Pick<SessionClaims, "sub" | "name" | "role" | "via" | "pwd" | "grants">,
  now = Date.now(),
): SessionClaims {
  const iat = Math.floor(now / 1000);
  return { sid: randomUUID(), ...user, iat, exp: iat + getAuthConfig().sessionSeconds };
}

/**
 * How long this instance takes the state store's word that a session is still good (not signed
 * out, its user still there with the same role and password) before asking again. Two point reads
 * on every request cost signed-in users a quarter more than local mode (issue 7's bench); once a
 * second they cost nothing measurable. So a sign-out, a removed user or a changed role made on
 * another instance (or by `npm run user:add` against the store) applies there within this bound;
 * on the instance where it was made it applies at once (the entry is forgotten there).
 */
export const CONFIRMED_FOR_MS = 1_000;
/** Sessions confirmed within the bound; past this many the oldest are forgotten (asked again). */
const MAX_CONFIRMED = 10_000;

const confirmations = globalThis as typeof globalThis & {
  __queuescopeConfirmed?: Map<string, { at: number; value: object | null }>;
};

function confirmedSessions(): Map<string, { at: number; value: object | null }> {
  return (confirmations.__queuescopeConfirmed ??= new Map());
}

/** What the store said about session `sid` within the bound (null: refused), or undefined: ask it. */
export function recentConfirmation<T extends object>(sid: string, now = Date.now()): T | null | undefined {
  const hit = confirmedSessions().get(sid);
  if (!hit) return undefined;
  if (now - hit.at < CONFIRMED_FOR_MS && hit.at <= now) return hit.value as T | null;
  confirmedSessions().delete(sid);
  return undefined;
}

export function rememberConfirmation(sid: string, value: object | null, now = Date.now()): void {
  const map = confirmedSessions();
  map.delete(sid); // re-inserted last: the map's order is the order of confirmation
  map.set(sid, { at: now, value });
  for (const oldest of map.keys()) {
    if (map.size <= MAX_CONFIRMED) break;
    map.delete(oldest);
  }
}

/** A change made on this instance applies here at once: one session's entry, or all of them. */
export function forgetConfirmations(sid?: string): void {
  if (sid === undefined) confirmedSessions().clear();
  else confirmedSessions().delete(sid);
}

/**
 * Sign-out: the session id is refused from now on, by every instance (one record per id in the
 * "sessions" table, with the time the session would have ended anyway).
 */
export async function revokeSession(claims: SessionClaims): Promise<void> {
  forgetConfirmations(claims.sid);
  if (claims.exp * 1000 <= Date.now()) return; // refused as expired anyway
  await upsertRecord("sessions", { partitionKey: claims.sid, rowKey: "revoked", exp: claims.exp });
  forgetConfirmations(claims.sid);
}

/** The claims of a cookie we signed that has not expired; whether it was signed out is `isRevoked`'s to say. */
export function verifySession(token: string | undefined): SessionClaims | null {
  const claims = verifyValue<SessionClaims>("session", token);
  return claims && typeof claims.sid === "string" && /^[\w-]{1,100}$/.test(claims.sid) ? claims : null;
}

/** Whether the session was signed out, on any instance (a point read). */
export async function isRevoked(claims: SessionClaims): Promise<boolean> {
  return (await getRecord("sessions", claims.sid, "revoked")) !== null;
}

/** The session behind a cookie: signed by us, not expired, and not signed out on any instance. */
export async function readSession(token: string | undefined): Promise<SessionClaims | null> {
  const claims = verifySession(token);
  return claims && !(await isRevoked(claims)) ? claims : null;
}

function secure(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

export function cookieHeader(
  req: Request,
  name: string,
  value: string,
  maxAgeSeconds: number,
  cookiePath = "/",
): string {
  const parts = [`${name}=${value}`, `Path=${cookiePath}`, `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Lax"];
  if (secure(req)) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookie(req: Request, claims: SessionClaims): string {
  return cookieHeader(req, SESSION_COOKIE, signValue("session", claims), claims.exp - claims.iat);
}

export function clearCookie(req: Request, name: string, cookiePath = "/"): string {
  return cookieHeader(req, name, "", 0, cookiePath);
}

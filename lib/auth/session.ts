import "server-only";
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Role } from "@/lib/config/auth";
import { getAuthConfig } from "./config";

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

const cache = globalThis as typeof globalThis & { __queuescopeSecret?: Buffer; __queuescopeRevoked?: Map<string, number> };

/** The signing key: configured, or generated once and kept (mode 0600) under the data folder. */
function secret(): Buffer {
  if (cache.__queuescopeSecret) return cache.__queuescopeSecret;
  const config = getAuthConfig();
  if (config.sessionSecret) return (cache.__queuescopeSecret = Buffer.from(config.sessionSecret, "utf8"));
  const file = path.join(config.dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString("base64url"), { mode: 0o600 });
    renameSync(tmp, file);
  }
  chmodSync(file, 0o600);
  return (cache.__queuescopeSecret = Buffer.from(readFileSync(file, "utf8").trim(), "utf8"));
}

/** Forgets the cached key and revocations (tests switch data folders). */
export function resetSessionState(): void {
  cache.__queuescopeSecret = undefined;
  cache.__queuescopeRevoked = undefined;
}

function mac(purpose: string, payload: string): Buffer {
  return createHmac("sha256", secret()).update(`${purpose}.${payload}`).digest();
}

/** `payload.signature`, both base64url; the purpose keeps a state cookie from passing as a session. */
export function signValue(purpose: string, value: object): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${mac(purpose, payload).toString("base64url")}`;
}

export function verifyValue<T extends { exp: number }>(purpose: string, token: string | undefined, now = Date.now()): T | null {
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

export function newSession(user: Pick<SessionClaims, "sub" | "name" | "role" | "via" | "pwd" | "grants">, now = Date.now()): SessionClaims {
  const iat = Math.floor(now / 1000);
  return { sid: randomUUID(), ...user, iat, exp: iat + getAuthConfig().sessionSeconds };
}

function revokedFile(): string {
  return path.join(getAuthConfig().dataDir, "revoked-sessions.json");
}

function revoked(): Map<string, number> {
  if (cache.__queuescopeRevoked) return cache.__queuescopeRevoked;
  let entries: [string, number][] = [];
  try {
    entries = Object.entries(JSON.parse(readFileSync(revokedFile(), "utf8")) as Record<string, number>);
  } catch {
    // none yet
  }
  return (cache.__queuescopeRevoked = new Map(entries));
}

/** Sign-out: the session id stays refused until the session would have expired anyway. */
export function revokeSession(claims: SessionClaims): void {
  const map = revoked();
  const now = Date.now() / 1000;
  for (const [sid, exp] of map) if (exp < now) map.delete(sid);
  map.set(claims.sid, claims.exp);
  mkdirSync(path.dirname(revokedFile()), { recursive: true });
  const tmp = `${revokedFile()}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(Object.fromEntries(map)), { mode: 0o600 });
  renameSync(tmp, revokedFile());
}

export function readSession(token: string | undefined): SessionClaims | null {
  const claims = verifyValue<SessionClaims>("session", token);
  if (!claims || revoked().has(claims.sid)) return null;
  return claims;
}

function secure(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

export function cookieHeader(req: Request, name: string, value: string, maxAgeSeconds: number, cookiePath = "/"): string {
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

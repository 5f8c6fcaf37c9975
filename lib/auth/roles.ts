import "server-only";
import { AppError } from "@/lib/api/error-codes";
import { ROLES, roleFor, type AuthConfig, type Role } from "@/lib/config/auth";
import { isLoopbackHost } from "@/lib/security/headers";
import { getAuthConfig } from "./config";
import { authReady } from "./ready";
import {
  isRevoked,
  recentConfirmation,
  rememberConfirmation,
  SESSION_COOKIE,
  verifySession,
  type SessionClaims,
} from "./session";
import { authenticateToken, type TokenIdentity } from "./tokens";
import { findLocalUser, passwordStamp } from "./users";

export { ROLES, type Role };

export interface CurrentUser {
  name: string;
  role: Role;
  /** How the user was recognised. `local`: no sign-in configured, the app listens on loopback only. */
  via: "local" | "password" | "oidc" | "proxy" | "token";
  session?: SessionClaims;
  /** A proxy user's name and groups: a token they create is capped by what these grant later. */
  grants?: string[];
  /** Set when the request presented an API token: `name` is then the token's owner. */
  token?: TokenIdentity["token"] & { ownerVia: TokenIdentity["ownerVia"] };
}

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function fromProxy(req: Request): CurrentUser | null {
  const proxy = getAuthConfig().proxy!;
  const name = req.headers.get(proxy.userHeader)?.trim();
  if (!name || name.length > 256) return null;
  const groups = proxy.groupsHeader
    ? (req.headers.get(proxy.groupsHeader) ?? "")
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean)
    : [];
  const role = roleFor([name, ...groups], proxy.roles) ?? proxy.defaultRole;
  // Known to the proxy but given no role here: signed in, allowed nothing.
  if (!role)
    throw new AppError(
      "forbidden",
      `${name} is signed in but has no Queuescope role; ask an administrator to add you to QUEUESCOPE_PROXY_ROLES.`,
      { user: name, via: "proxy" },
    );
  return { name, role, via: "proxy", grants: [name, ...groups] };
}

/**
 * The credential of `Authorization: Bearer …`, or null. In trusted-header mode a proxy may pass its
 * own bearer token along (oauth2-proxy's pass_authorization_header): one that is not shaped like
 * ours, on a request the proxy named a user for, is the proxy's and not a claim to be a token.
 */
export function presentedToken(req: Request, config: Pick<AuthConfig, "mode" | "proxy">): string | null {
  const match = /^Bearer(?:\s+(.*))?$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return null;
  const value = (match[1] ?? "").trim();
  if (config.mode === "proxy" && !value.startsWith("qst_") && req.headers.get(config.proxy!.userHeader)) return null;
  return value;
}

async function fromToken(presented: string, config: AuthConfig): Promise<CurrentUser> {
  const id = await authenticateToken(presented, config);
  return { name: id.owner, role: id.role, via: "token", token: { ...id.token, ownerVia: id.ownerVia } };
}

async function fromSession(session: SessionClaims | null): Promise<CurrentUser | null> {
  if (!session) return null;
  if (session.via === "oidc") {
    if (await isRevoked(session)) return null;
    // Worked out again from the role map in force: a role taken out of QUEUESCOPE_OIDC_ROLES, or
    // Entra ID sign-in switched off, applies to existing sessions at once.
    const oidc = getAuthConfig().oidc;
    const role = oidc ? roleFor(session.grants ?? [], oidc.roles) : undefined;
    return role ? { name: session.name, role, via: "oidc", session } : null;
  }
  // Local users are looked up again: a removed user is signed out, a changed role applies now.
  // A reset password ends the sessions signed in with the old one. Both reads at once.
  const [revoked, user] = await Promise.all([isRevoked(session), findLocalUser(session.sub)]);
  return !revoked && user && session.pwd === passwordStamp(user)
    ? { name: user.username, role: user.role, via: "password", session }
    : null;
}

/**
 * Who a request says it is, known without asking the state store, and the state store's word on it.
 * `claimed` is set only for a session cookie we signed and that has not expired: the user the store
 * confirmed for it within CONFIRMED_FOR_MS, else its name and the role it was signed in with.
 * `confirm()` answers what `currentUser` answers (null when the session was signed out on any
 * instance, the user removed or their password changed; the role in force now); it reads the store
 * only when first called, and not at all within the bound.
 *
 * Why both: the two point reads behind `confirm()` cost a state-store round trip per request. The
 * route wrapper uses `claimed` to admit the request first (so a flood waits in admission, not in
 * front of everyone's session reads) and to start work whose result it keeps only once the store
 * confirms the claim.
 */
export interface Identity {
  claimed: CurrentUser | null;
  confirm: () => Promise<CurrentUser | null>;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= fn());
}

export async function identify(req: Request): Promise<Identity> {
  const config = await authReady();
  if (config.mode === "sign-in" && presentedToken(req, config) === null) {
    const session = verifySession(cookieValue(req, SESSION_COOKIE));
    if (!session) return { claimed: null, confirm: () => Promise.resolve(null) };
    const recent = recentConfirmation<CurrentUser>(session.sid);
    if (recent !== undefined) return { claimed: recent, confirm: () => Promise.resolve(recent) };
    const claimed: CurrentUser = { name: session.name, role: session.role, via: session.via, session };
    return {
      claimed,
      confirm: once(async () => {
        const asked = Date.now();
        const user = await fromSession(session);
        rememberConfirmation(session.sid, user, asked);
        return user;
      }),
    };
  }
  return { claimed: null, confirm: once(() => currentUser(req)) };
}

/**
 * The user behind a request, or null when nobody is signed in (forbidden: a proxy user with no
 * role). Sessions and local users are read from the state store on every call, so a sign-out or a
 * removed user on one instance applies on all of them at once (503 state_unavailable when it is down).
 */
export async function currentUser(req: Request): Promise<CurrentUser | null> {
  const config = await authReady();
  if (config.mode === "local") {
    // The start script binds loopback and the proxy answers 421 to other names; this holds even
    // when the server was started some other way (a bare `next start` on every interface).
    if (!isLoopbackHost(req.headers.get("host"))) {
      throw new AppError(
        "forbidden",
        "Queuescope runs in local mode (no sign-in configured) and only answers requests addressed to 127.0.0.1 or localhost. Configure sign-in to serve it under another name.",
      );
    }
  }
  // A request that presents a token is that token's, in every mode: a bad one is never "local".
  const token = presentedToken(req, config);
  if (token !== null) return fromToken(token, config);
  if (config.mode === "local") return { name: "local", role: "admin", via: "local" };
  if (config.mode === "proxy") return fromProxy(req);
  return fromSession(verifySession(cookieValue(req, SESSION_COOKIE)));
}

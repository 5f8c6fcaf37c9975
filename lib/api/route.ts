import "server-only";
import type { NextRequest } from "next/server";
import type { ZodType } from "zod";
import { admitted } from "./admission";
import { AppError } from "./error-codes";
import { errorResponse, validationError } from "./respond";
import { beginAudit, finishAudit, type AuditInput, type AuditIntent } from "@/lib/auth/audit";
import { getAuthConfig } from "@/lib/auth/config";
import { authReady } from "@/lib/auth/ready";
import { identify, roleAtLeast, type CurrentUser, type Role } from "@/lib/auth/roles";
import { getAccountConfig } from "@/lib/azure/accounts";
import type { AccountConfig } from "@/lib/config/accounts";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { accountIdSchema, queueNameSchema } from "@/lib/validation/common";

const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON than any request needs; recursive validators would overflow the stack on 100k levels. */
const MAX_JSON_DEPTH = 64;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Params = Record<string, string | string[] | undefined>;

/** What every handler gets: the request and its parsed parts. */
interface BaseContext {
  req: NextRequest;
  /** Any other path parameter, as given. */
  param(name: string): string;
  query<T>(schema: ZodType<T>): T;
  /** The JSON body, refused past `maxBytes` (1 MiB unless the route says otherwise). */
  body<T>(schema: ZodType<T>, opts?: { maxBytes?: number }): Promise<T>;
}

export interface RouteContext extends BaseContext {
  user: CurrentUser;
  /** The account named in the path; 404 when unknown, 403 read_only when a mutation targets a read-only account. */
  account(): AccountConfig;
  /** The queue named in the path, validated against the service's naming rules. */
  queueName(): string;
  /** Adds to this request's audit entry: parameters (never secrets or message bodies), counts, a job id, the queue a route creates. */
  audit(fields: Pick<AuditInput, "params" | "counts" | "jobId" | "queue">): void;
}

/** A route anybody may call (sign-in, sign-out, OIDC): it says itself who the attempt was by, once it knows. */
export interface PublicContext extends BaseContext {
  audit(fields: Partial<Pick<AuditInput, "user" | "role" | "via" | "outcome" | "params">>): void;
}

export interface RouteSpec {
  /** The least role the route needs; "public" for the sign-in routes, which run before anybody is known. */
  role: Role | "public";
  /** The audit action; every mutating route names one (e.g. "message.send"). */
  action?: string;
  /** Changes only Queuescope's own records (API tokens), never an account: allowed in read-only mode, as signing in is. */
  ownStateOnly?: boolean;
}

export type RouteHandler = ((req: NextRequest, ctx?: { params: Promise<Params> }) => Promise<Response>) & {
  spec: RouteSpec;
};

/** Refuses cross-site mutations: browsers always send Origin (or Sec-Fetch-Site) on them. */
export function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const site = req.headers.get("sec-fetch-site");
  // A request that carries a session cookie must say where it comes from: every browser does on a
  // mutation, so a cookie without Origin or Sec-Fetch-Site is a client we cannot vouch for.
  if (origin === null && site === null && req.cookies.has(SESSION_COOKIE)) {
    throw new AppError(
      "forbidden",
      "A signed-in change must come from this site (Origin missing). Scripts use an API token.",
    );
  }
  let sameOrigin = site === null || site === "same-origin" || site === "none";
  if (origin !== null) {
    try {
      sameOrigin = sameOrigin && origin !== "null" && new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  }
  if (!sameOrigin) throw new AppError("forbidden", "Cross-origin requests may not change anything.");
}

/** A stray "%" is not a queue name, and must not become a 500. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function pathParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string") throw new AppError("validation_failed", `Missing path parameter "${name}".`);
  return value;
}

/** The JSON body, refused once it passes `maxBytes` (before reading on when the length is declared). */
export async function readJson(req: NextRequest, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const limit =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${limit}.`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  // Chunked bodies carry no length: count while reading and stop at the limit.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  while (reader) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  return parseJson(text);
}

/** Nesting depth of a JSON text, counted without recursion (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return max;
}

/** JSON.parse that refuses `__proto__` keys: validators drop them silently, so a body would not mean what it says. */
function parseJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new AppError("validation_failed", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let value: unknown;
  try {
    value = text.includes("__proto__")
      ? JSON.parse(text, (key, v: unknown) => {
          if (key === "__proto__") throw new AppError("validation_failed", 'Keys named "__proto__" are not accepted.');
          return v;
        })
      : JSON.parse(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("validation_failed", "The request body is not valid JSON.");
  }
  return value;
}

/** A refusal (who you are, what you may, how often) is "denied"; anything else that went wrong "failed". */
function outcomeOf(status: number): AuditInput["outcome"] {
  return status < 400 ? "ok" : status === 401 || status === 403 || status === 429 ? "denied" : "failed";
}

/** A script's request: a bearer token and no cookies, so no browser can have sent it on a page's behalf. */
function bearerOnly(req: NextRequest): boolean {
  return /^Bearer /i.test(req.headers.get("authorization") ?? "") && !req.headers.has("cookie");
}

async function errorCodeOf(res: Response): Promise<string | undefined> {
  if (res.status < 400) return undefined;
  try {
    return ((await res.clone().json()) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

function parsers(req: NextRequest, p: Params): BaseContext {
  return {
    req,
    param: (name) => pathParam(p, name),
    query(schema) {
      const parsed = schema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
      if (!parsed.success) throw validationError(parsed.error, "query");
      return parsed.data;
    },
    async body(schema, opts) {
      const parsed = schema.safeParse(await readJson(req, opts?.maxBytes));
      if (!parsed.success) throw validationError(parsed.error, "body");
      return parsed.data;
    },
  };
}

type AnyHandler = ((ctx: PublicContext) => Promise<Response>) | ((ctx: RouteContext) => Promise<Response>);

/**
 * Wraps a route handler: same-origin check for mutations (not for a script's bearer-only request),
 * the least role the route needs, global and per-account read-only, path/query/body parsing, the
 * error envelope for anything thrown, and an audit entry for every mutation attempt, allowed or not.
 * Public routes get the same envelope, origin check and audit, with no user to resolve first.
 */
export function route(
  spec: RouteSpec & { role: "public" },
  handler: (ctx: PublicContext) => Promise<Response>,
): RouteHandler;
export function route(
  specOrRole: Role | (RouteSpec & { role: Role }),
  handler: (ctx: RouteContext) => Promise<Response>,
): RouteHandler;
export function route(specOrRole: Role | RouteSpec, handler: AnyHandler): RouteHandler {
  const spec: RouteSpec = typeof specOrRole === "string" ? { role: specOrRole } : specOrRole;
  const isPublic = spec.role === "public";
  const wrapped = async (req: NextRequest, context?: { params: Promise<Params> }): Promise<Response> => {
    const mutating = !SAFE_METHODS.has(req.method);
    const entry: AuditInput = {
      user: "anonymous",
      role: null,
      via: null,
      action: spec.action ?? `${req.method} ${req.nextUrl.pathname}`,
      outcome: "ok",
      status: 0,
    };
    let outcome: AuditInput["outcome"] | undefined;
    let res: Response;
    let intent: AuditIntent | undefined;
    try {
      const p: Params = (await context?.params) ?? {};
      // Named in the audit even when the request is refused before the handler reads them.
      if (accountIdSchema.safeParse(p.account).success) entry.account = p.account as string;
      if (typeof p.queue === "string" && queueNameSchema.safeParse(p.queue).success) entry.queue = p.queue;
      if (mutating && (isPublic || !bearerOnly(req))) assertSameOrigin(req);
      if (isPublic) {
        await authReady();
        const ctx: PublicContext = {
          ...parsers(req, p),
          audit(fields) {
            Object.assign(entry, fields);
            outcome = fields.outcome ?? outcome;
          },
        };
        res = await (handler as (ctx: PublicContext) => Promise<Response>)(ctx);
      } else {
        res = await guarded(req, p, spec as RouteSpec & { role: Role }, mutating, entry, (i) => (intent = i), handler);
      }
    } catch (err) {
      // Known to the proxy but given no role: the audit names who was refused.
      const who = err instanceof AppError ? (err.details as { user?: unknown; via?: unknown } | undefined) : undefined;
      if (entry.user === "anonymous" && typeof who?.user === "string" && who.via === "proxy")
        Object.assign(entry, { user: who.user, via: "proxy" });
      res = errorResponse(err);
    }
    if (mutating || (isPublic && entry.user !== "anonymous")) {
      const error = await errorCodeOf(res);
      await finishAudit(intent, {
        ...entry,
        outcome: (isPublic ? outcome : undefined) ?? outcomeOf(res.status),
        status: res.status,
        ...(error ? { error } : {}),
      });
    }
    return res;
  };
  return Object.assign(wrapped, { spec });
}

/** The entry names who the request is by (the claimed user until the state store confirms another). */
function describe(entry: AuditInput, user: CurrentUser): void {
  Object.assign(
    entry,
    { user: user.name, role: user.role, via: user.via },
    user.token ? { token: user.token.name, tokenId: user.token.id } : {},
  );
}

function authorize(user: CurrentUser | null, spec: RouteSpec & { role: Role }, mutating: boolean): CurrentUser {
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  if (!roleAtLeast(user.role, spec.role))
    throw new AppError("forbidden", `This needs the ${spec.role} role; you are ${user.role}.`);
  if (mutating && !spec.ownStateOnly && getAuthConfig().readOnly)
    throw new AppError("read_only", "Queuescope runs in read-only mode: nothing can be changed.");
  return user;
}

/** An answer worked out for a claim the state store did not confirm: never sent, its body let go. */
function discard(answer: PromiseSettledResult<Response>): void {
  if (answer.status === "fulfilled") answer.value.body?.cancel().catch(() => undefined);
}

/**
 * The signed-in part: who, with which role, read-only, the intent on record, then the handler, all
 * within admission.
 *
 * A session cookie's claims (HMAC-checked, unexpired) are known at once; whether it was signed out,
 * or its user removed or given another role, takes a state-store read, taken as good for
 * CONFIRMED_FOR_MS on this instance. When it has to be read, it runs beside the work that does not
 * depend on it: for a read, the handler itself, whose answer is kept only if the store confirms the
 * same user and role (and worked out again for the role in force if not); for a change, the audit
 * intent, with the handler started only after both. A signed-in request then costs what it costs
 * in local mode, not one state round trip more.
 */
async function guarded(
  req: NextRequest,
  p: Params,
  spec: RouteSpec & { role: Role },
  mutating: boolean,
  entry: AuditInput,
  onIntent: (intent: AuditIntent) => void,
  handler: AnyHandler,
): Promise<Response> {
  const { claimed, confirm: confirmed } = await identify(req);
  const first = claimed ?? (await confirmed());
  if (!first) throw new AppError("unauthorized", "Sign in to continue.");
  describe(entry, first);
  // Skipped above for a bearer-only request; one that turned out not to be a token's is checked after all.
  if (mutating && bearerOnly(req) && !first.token) assertSameOrigin(req);
  const contextFor = (user: CurrentUser): RouteContext => ({
    ...parsers(req, p),
    user,
    account() {
      const parsed = accountIdSchema.safeParse(pathParam(p, "account"));
      if (!parsed.success) throw new AppError("account_not_found", "No such account.");
      entry.account = parsed.data;
      const account = getAccountConfig(parsed.data);
      if (mutating && account.readOnly) throw new AppError("read_only", `Account "${account.id}" is read-only.`);
      return account;
    },
    queueName() {
      const parsed = queueNameSchema.safeParse(safeDecode(pathParam(p, "queue")));
      if (!parsed.success) throw validationError(parsed.error, "path.queue");
      entry.queue = parsed.data;
      return parsed.data;
    },
    audit(fields) {
      Object.assign(entry, fields);
    },
  });
  const run = (user: CurrentUser) => (handler as (ctx: RouteContext) => Promise<Response>)(contextFor(user));
  const confirm = async () => {
    const user = authorize(await confirmed(), spec, mutating);
    describe(entry, user);
    return user;
  };
  // Admitted (bounded and fair per client; past the bound 429 rate_limited with Retry-After) before
  // the state store is asked anything: a flood waits here, not in front of everyone's session reads.
  return admitted(req, first, async () => {
    // Speculating is only worth it when the claim would be allowed; a refusal waits for the store's word.
    let speculate = claimed !== null;
    try {
      if (claimed) authorize(claimed, spec, mutating);
    } catch {
      speculate = false;
    }
    if (!speculate) {
      const user = await confirm();
      // The intent is on record before the handler can change anything: no audit, no change.
      if (mutating) onIntent(await beginAudit(entry));
      return run(user);
    }
    if (mutating) {
      const [who, intent] = await Promise.allSettled([confirm(), beginAudit({ ...entry })]);
      if (intent.status === "fulfilled") onIntent(intent.value);
      if (who.status === "rejected") throw who.reason;
      if (intent.status === "rejected") throw intent.reason;
      return run(who.value);
    }
    const [who, answer] = await Promise.allSettled([confirm(), run(claimed!)]);
    if (who.status === "rejected") {
      discard(answer);
      throw who.reason;
    }
    if (who.value.role !== claimed!.role || who.value.name !== claimed!.name) {
      discard(answer);
      return run(who.value);
    }
    if (answer.status === "rejected") throw answer.reason;
    return answer.value;
  });
}

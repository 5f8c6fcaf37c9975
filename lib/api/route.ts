import "server-only";
import type { NextRequest } from "next/server";
import type { ZodType } from "zod";
import { AppError } from "./error-codes";
import { errorResponse, validationError } from "./respond";
import { currentUser, roleAtLeast, type CurrentUser, type Role } from "@/lib/auth/roles";
import { getAccountConfig } from "@/lib/azure/accounts";
import type { AccountConfig } from "@/lib/config/accounts";
import { accountIdSchema, queueNameSchema } from "@/lib/validation/common";

const MAX_BODY_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Params = Record<string, string | string[] | undefined>;

export interface RouteContext {
  req: NextRequest;
  user: CurrentUser;
  /** The account named in the path; 404 when unknown, 403 read_only when a mutation targets a read-only account. */
  account(): AccountConfig;
  /** The queue named in the path, validated against the service's naming rules. */
  queueName(): string;
  /** Any other path parameter, as given. */
  param(name: string): string;
  query<T>(schema: ZodType<T>): T;
  /** The JSON body, refused past `maxBytes` (1 MiB unless the route says otherwise). */
  body<T>(schema: ZodType<T>, opts?: { maxBytes?: number }): Promise<T>;
}

/** Refuses cross-site mutations: browsers always send Origin (or Sec-Fetch-Site) on them. */
function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const site = req.headers.get("sec-fetch-site");
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

function pathParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string") throw new AppError("validation_failed", `Missing path parameter "${name}".`);
  return value;
}

async function readJson(req: NextRequest, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
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
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation_failed", "The request body is not valid JSON.");
  }
}

/**
 * Wraps a route handler: same-origin check for mutations, the least role the route needs,
 * path/query/body parsing, and the error envelope for anything thrown.
 */
export function route(role: Role, handler: (ctx: RouteContext) => Promise<Response>) {
  return async (req: NextRequest, { params }: { params: Promise<Params> }): Promise<Response> => {
    try {
      const mutating = !SAFE_METHODS.has(req.method);
      if (mutating) assertSameOrigin(req);
      const user = await currentUser(req);
      if (!user) throw new AppError("unauthorized", "Sign in to continue.");
      if (!roleAtLeast(user.role, role)) throw new AppError("forbidden", `This needs the ${role} role; you are ${user.role}.`);
      const p = await params;
      const ctx: RouteContext = {
        req,
        user,
        account() {
          const parsed = accountIdSchema.safeParse(pathParam(p, "account"));
          if (!parsed.success) throw new AppError("account_not_found", "No such account.");
          const account = getAccountConfig(parsed.data);
          if (mutating && account.readOnly) throw new AppError("read_only", `Account "${account.id}" is read-only.`);
          return account;
        },
        queueName() {
          const parsed = queueNameSchema.safeParse(decodeURIComponent(pathParam(p, "queue")));
          if (!parsed.success) throw validationError(parsed.error, "path.queue");
          return parsed.data;
        },
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
      return await handler(ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

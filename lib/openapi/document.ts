// The OpenAPI 3.1 document, generated from the registry and the zod schemas the routes parse with
// (zod's own JSON Schema output, draft 2020-12, which is OpenAPI 3.1's dialect).
import type { ZodType } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/error-codes";
import { z } from "@/lib/validation/zod";
import { API_OPERATIONS, SHARED_PARAMS, type ApiOperation } from "./registry";

type JsonSchema = Record<string, unknown>;

const SECURITY = [{ cookieSession: [] }, { bearerToken: [] }];

/** Definitions that zod puts in `$defs` (recursive schemas such as JSON values), bound for components.schemas. */
type Defs = Record<string, JsonSchema>;

function jsonSchema(schema: ZodType, io: "input" | "output", defs: Defs): JsonSchema {
  // Transforms and refinements have no JSON Schema: the shape before them is what a client sends.
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  if (!$defs) return rest;
  // Inside an OpenAPI document "#" is the document, not this schema: each definition goes to
  // components.schemas under a name of its own and every reference is rewritten to point there.
  const names = new Map(
    Object.keys($defs as JsonSchema).map((name) => [
      name,
      `Def${Object.keys(defs).length}_${name}`.replace(/[^\w.-]/g, "_"),
    ]),
  );
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")
          ? `#/components/schemas/${names.get(v.slice(8))}`
          : rewrite(v),
      ]),
    );
  };
  for (const [name, def] of Object.entries($defs as JsonSchema)) defs[names.get(name)!] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}

/** `/api/jobs/[id]` → `/api/jobs/{id}` */
export const openApiPath = (path: string) => path.replace(/\[(\w+)\]/g, "{$1}");
const pathParamNames = (path: string) => [...path.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
const mutating = (op: ApiOperation) => op.method !== "GET";

/** The codes a route can answer: its own, and those every route of its kind can. */
export function errorCodesOf(op: ApiOperation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? []);
  const params = pathParamNames(op.path);
  if (params.length || op.query || op.body) codes.add("validation_failed");
  if (op.body) codes.add("payload_too_large");
  if (op.role !== "public")
    ["unauthorized", "forbidden", "rate_limited", "state_unavailable"].forEach((c) => codes.add(c as ErrorCode));
  if (mutating(op)) codes.add("forbidden"); // a cross-origin request with a cookie
  if (mutating(op) && op.role !== "public") codes.add("audit_unavailable");
  if (mutating(op) && op.role !== "public" && !op.ownStateOnly) codes.add("read_only");
  if (params.includes("account"))
    ["account_not_found", "storage_unreachable", "storage_auth_failed", "storage_error"].forEach((c) =>
      codes.add(c as ErrorCode),
    );
  codes.add("internal");
  return [...codes].sort();
}

function parameters(op: ApiOperation, defs: Defs): JsonSchema[] {
  const out: JsonSchema[] = pathParamNames(op.path).map((name) => {
    const schema = op.params?.[name] ?? SHARED_PARAMS[name];
    if (!schema)
      throw new Error(
        `${op.method} ${op.path}: no schema for the path parameter "${name}" (add it to the entry's params).`,
      );
    return { name, in: "path", required: true, schema: jsonSchema(schema, "input", defs) };
  });
  if (op.query) {
    const query = jsonSchema(op.query, "input", defs) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      out.push({
        name,
        in: "query",
        required: query.required?.includes(name) ?? false,
        schema,
        ...(typeof schema.description === "string" ? { description: schema.description } : {}),
      });
    }
  }
  return out;
}

function responses(op: ApiOperation, defs: Defs): Record<string, JsonSchema> {
  const { ok } = op;
  const type = ok.contentType ?? "application/json";
  const out: Record<string, JsonSchema> = {
    [String(ok.status)]: {
      description: ok.description,
      ...(ok.status === 204 || ok.status === 302
        ? {}
        : { content: { [type]: ok.schema ? { schema: jsonSchema(ok.schema, "output", defs) } : {} } }),
    },
  };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\``).join(", "),
      content: {
        "application/json": {
          schema: {
            allOf: [
              { $ref: "#/components/schemas/Error" },
              { properties: { error: { properties: { code: { enum: codes } } } } },
            ],
          },
        },
      },
    };
  }
  return out;
}

function operation(op: ApiOperation, defs: Defs): JsonSchema {
  const role = op.role === "public" ? "none (public)" : op.role;
  return {
    operationId: `${op.method.toLowerCase()}${openApiPath(op.path)
      .replace(/\{(\w+)\}/g, "By-$1")
      .replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: op.summary,
    description: [op.description, `**Role:** ${role}.`].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    "x-queuescope-role": op.role,
    security: op.role === "public" ? [] : SECURITY,
    parameters: parameters(op, defs),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(op.body, "input", defs) } },
          },
        }
      : {}),
    responses: responses(op, defs),
  };
}

export function openApiDocument(operations: ApiOperation[] = API_OPERATIONS): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const defs: Defs = {};
  for (const op of operations) (paths[openApiPath(op.path)] ??= {})[op.method.toLowerCase()] = operation(op, defs);
  return {
    openapi: "3.1.0",
    info: {
      title: "Queuescope API",
      version: "1",
      description:
        'Every answer is JSON; every error is `{"error":{"code","message","details"}}` with a code from a closed set. Scripts send `Authorization: Bearer <token>` (make one on the Tokens page or with `POST /api/tokens`); a bearer request carries no cookies and needs no `Origin`. Each operation names the least role it needs.',
    },
    servers: [{ url: "/" }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cookieSession: {
          type: "apiKey",
          in: "cookie",
          name: "qs_session",
          description: "The browser's session after signing in. Mutations need a same-origin `Origin`.",
        },
        bearerToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "qst_<id>_<secret>",
          description: "An API token: its role, capped by its owner's current role.",
        },
      },
      schemas: {
        ...defs,
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string" },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}

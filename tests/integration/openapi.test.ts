// The OpenAPI document: valid OpenAPI 3.1 (checked by an independent validator against the
// official schema), and in step with the routes on disk. A route file added under app/api without
// a registry entry (lib/openapi/registry.ts) fails here, and so does an entry whose route is gone
// or whose role differs from the one its handler declares.
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/openapi.json/route";
import { GET as docsRoute } from "@/app/api/docs/route";
import { GET as redocRoute } from "@/app/api/docs/redoc.js/route";
import { ERROR_STATUS } from "@/lib/api/error-codes";
import { errorCodesOf, openApiDocument, openApiPath } from "@/lib/openapi/document";
import { API_OPERATIONS, type ApiOperation } from "@/lib/openapi/registry";
import { createTokenSchema } from "@/lib/validation/tokens";
import { apiHandlers, configureSignIn, send, type ApiHandler } from "../support/auth";
import { useEnv } from "../support/api";

const handlers = await apiHandlers();

/** What is on disk without an entry, and what has an entry but no route. */
function coverage(onDisk: ApiHandler[], operations: ApiOperation[]) {
  const entries = new Set(operations.map((o) => `${o.method} ${o.path}`));
  const routes = new Set(onDisk.map((h) => h.key));
  return {
    undocumented: [...routes].filter((k) => !entries.has(k)).sort(),
    stale: [...entries].filter((k) => !routes.has(k)).sort(),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the generated JSON
type Doc = any;

describe("the OpenAPI document", () => {
  const doc: Doc = openApiDocument();

  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc));
    expect(res.errors ?? [], JSON.stringify(res.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("has an entry for every route and method on disk, and no entry without one", () => {
    expect(handlers.length).toBeGreaterThanOrEqual(35);
    expect(coverage(handlers, API_OPERATIONS), "add (or remove) an op(...) line in lib/openapi/registry.ts").toEqual({
      undocumented: [],
      stale: [],
    });
  });

  it("the coverage check can fail: a route without an entry, or an entry without a route, is named", () => {
    const [dropped, ...rest] = API_OPERATIONS;
    const invented: ApiOperation = { ...dropped!, path: "/api/nowhere" };
    expect(coverage(handlers, [...rest, invented])).toEqual({
      undocumented: [`${dropped!.method} ${dropped!.path}`],
      stale: [`${dropped!.method} /api/nowhere`],
    });
  });

  it.each(API_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s names the role and read-only exemption its handler declares",
    (key, o) => {
      const h = handlers.find((x) => x.key === key);
      expect(h?.spec, `${key} is not made with route()`).toBeDefined();
      expect({ role: o.role, ownStateOnly: o.ownStateOnly ?? false }).toEqual({
        role: h!.spec!.role,
        ownStateOnly: h!.spec!.ownStateOnly ?? false,
      });
    },
  );

  it("every operation has its path parameters, security, role and error codes from the closed set", () => {
    for (const o of API_OPERATIONS) {
      const operation = doc.paths[openApiPath(o.path)][o.method.toLowerCase()];
      const where = `${o.method} ${o.path}`;
      const pathParams = [...o.path.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
      expect(
        operation.parameters.filter((p: Doc) => p.in === "path").map((p: Doc) => p.name),
        where,
      ).toEqual(pathParams);
      expect(operation["x-queuescope-role"], where).toBe(o.role);
      expect(operation.security, where).toEqual(
        o.role === "public" ? [] : [{ cookieSession: [] }, { bearerToken: [] }],
      );
      const codes = errorCodesOf(o);
      for (const code of codes) expect(Object.keys(ERROR_STATUS), where).toContain(code);
      for (const code of codes)
        expect(operation.responses[String(ERROR_STATUS[code])].description, where).toContain(`\`${code}\``);
      if (o.role !== "public") expect(codes, where).toEqual(expect.arrayContaining(["unauthorized", "forbidden"]));
      expect(operation.responses[String(o.ok.status)], where).toBeDefined();
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "cookieSession"]);
  });

  it("is generated from the zod schemas the routes parse with: query parameters and bodies follow them", () => {
    const peek = doc.paths["/api/accounts/{account}/queues/{queue}/messages"].get;
    expect(peek.parameters.find((p: Doc) => p.name === "count")).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", minimum: 1, maximum: 32 },
    });
    const create = doc.paths["/api/tokens"].post.requestBody.content["application/json"].schema;
    expect(create.required.sort()).toEqual(Object.keys(createTokenSchema.shape).sort());
    expect(create.properties.expiresInDays).toMatchObject({ type: "integer", minimum: 1, maximum: 365 });
    const move =
      doc.paths["/api/accounts/{account}/queues/{queue}/move"].post.requestBody.content["application/json"].schema;
    expect(move.required).toEqual(["to"]);
    expect(move.additionalProperties).toBe(false);
    expect(doc.paths["/api/tokens"].post.responses["201"].content["application/json"].schema.required.sort()).toEqual([
      "info",
      "token",
    ]);
  });
});

describe("GET /api/openapi.json and /api/docs", () => {
  beforeAll(() =>
    useEnv({
      QUEUESCOPE_PROXY_USER_HEADER: undefined,
      QUEUESCOPE_OIDC_ISSUER: undefined,
      QUEUESCOPE_READ_ONLY: undefined,
    }),
  );
  afterAll(() => useEnv({}));

  it("serves the document", async () => {
    await configureSignIn("openapi-local", { users: [] });
    const res = await send(openApiRoute);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("serves the reference page with the request's nonce on both scripts, and Redoc from this origin", async () => {
    const res = await send(docsRoute, { headers: { "x-nonce": "bm9uY2UtdGVzdA==" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text.match(/<script nonce="bm9uY2UtdGVzdA=="/g)).toHaveLength(2);
    expect(res.text).not.toMatch(/https?:\/\//);
    const js = await send(redocRoute);
    expect(js.status).toBe(200);
    expect(js.text.length).toBeGreaterThan(500_000);
    expect(js.text).toContain("Redoc");
    expect(js.text).not.toContain("cdn.redoc.ly");
  });

  it("needs a signed-in viewer once sign-in is on", async () => {
    await configureSignIn("openapi-signin");
    expect((await send(openApiRoute)).status).toBe(401);
    expect((await send(docsRoute)).status).toBe(401);
  });
});

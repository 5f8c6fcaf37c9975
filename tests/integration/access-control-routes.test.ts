// Access control on every API route, found by globbing app/api: a route added later is covered
// without editing this file. Each refused call is checked against the storage it would change.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as accountsRoute } from "@/app/api/accounts/route";
import { GET as listQueuesRoute } from "@/app/api/accounts/[account]/queues/route";
import { GET as peekRoute, POST as sendRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { GET as auditRoute } from "@/app/api/audit/route";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { getAccountConfig } from "@/lib/azure/accounts";
import type { Role } from "@/lib/config/auth";
import { cancelJob, getJob, jobSettled, listJobs, startMove } from "@/lib/jobs/runner";
import type { CallOptions } from "../support/api";
import { emulatorConnectionString, emulatorService, uniquePrefix } from "../support/api";
import {
  apiHandlers,
  auditDuring,
  isMutation,
  rolesBelow,
  send,
  sessionFor,
  configureSignIn,
  USERS,
  type ApiHandler,
} from "../support/auth";

const handlers = await apiHandlers();
const mutations = handlers.filter(isMutation);
/** Run before anybody is known: the same wrapper, with the role "public". */
const PUBLIC = [
  "GET /api/auth/me",
  "GET /api/auth/oidc/callback",
  "GET /api/auth/oidc/start",
  "POST /api/auth/sign-in",
  "POST /api/auth/sign-out",
];
/** Everyone manages their own API tokens, so these need only viewer (tests/integration/api-tokens.test.ts covers them). */
const SELF_SERVICE = ["POST /api/tokens", "DELETE /api/tokens/[id]"];
type GuardedHandler = ApiHandler & { spec: { role: Role; action?: string } };
const guarded = mutations.filter((h): h is GuardedHandler => !PUBLIC.includes(h.key) && !SELF_SERVICE.includes(h.key));

const prefix = uniquePrefix("acl");
let fixtures = 0;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Queues with real messages (one of them received, for its pop receipt) and optionally a running job. */
interface Fixture {
  account: string;
  queue: string;
  target: string;
  messageId: string;
  popReceipt: string;
  jobId?: string;
  /** A CORS origin that only an allowed service-properties change would add. */
  corsMarker: string;
}

async function makeFixture(account = "local", opts: { job?: boolean } = {}): Promise<Fixture> {
  const service = emulatorService();
  const queue = `${prefix}-${fixtures++}`;
  const target = `${queue}-to`;
  const q = service.getQueueClient(queue);
  await q.create({ metadata: { keep: "1" } });
  await service.getQueueClient(target).create();
  for (const text of ["first", "second", "third"]) await q.sendMessage(text);
  const [received] = (await q.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 3600 })).receivedMessageItems;
  const fx: Fixture = {
    account,
    queue,
    target,
    messageId: received!.messageId,
    popReceipt: received!.popReceipt,
    corsMarker: `https://${queue}.example`,
  };
  if (opts.job) {
    // A slow move between two other queues: still running while the tests try to cancel it, for
    // 20 messages at 0.1/s (200 s), however slowly a loaded machine runs the file (5 messages ran
    // out after 50 s with two files at a time).
    const [from, to] = [`${queue}-js`, `${queue}-jt`];
    await service.getQueueClient(from).create();
    await service.getQueueClient(to).create();
    for (let i = 0; i < 20; i++) await service.getQueueClient(from).sendMessage(`job ${i}`);
    fx.jobId = (await startMove(getAccountConfig("local"), from, { to, ratePerSecond: 0.1 })).id;
    // Wait until the job holds its batch: a cancel while its first receive is in flight takes
    // 4 x 10 s to land (the rate limiter waits out its timers once the signal has fired).
    await vi.waitFor(
      async () => expect((await service.getQueueClient(from).peekMessages()).peekedMessageItems).toEqual([]),
      { timeout: 15_000, interval: 50 },
    );
  }
  return fx;
}

async function stopJob(fx: Fixture | undefined) {
  if (!fx?.jobId) return;
  cancelJob(fx.jobId);
  await jobSettled(fx.jobId);
}

/** Everything any mutating route could change about a fixture. */
async function snapshot(fx: Fixture) {
  const service = emulatorService();
  const q = service.getQueueClient(fx.queue);
  const names: string[] = [];
  for await (const item of service.listQueues({ prefix: fx.queue })) names.push(item.name);
  const props = await q.getProperties().catch(() => null);
  return {
    names: names.sort(),
    metadata: props?.metadata ?? null,
    count: props?.approximateMessagesCount ?? null,
    visible: props
      ? (await q.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map(
          (m) => `${m.messageId}:${m.messageText}:${m.dequeueCount}`,
        )
      : null,
    policies: props ? ((await q.getAccessPolicy()).signedIdentifiers ?? []).map((p) => p.id) : null,
    targetCount: (await service.getQueueClient(fx.target).getProperties()).approximateMessagesCount,
    corsMarker: ((await service.getProperties()).cors ?? []).some((r) => r.allowedOrigins.includes(fx.corsMarker)),
    job: fx.jobId ? (await getJob(fx.jobId)).state : null,
    jobs: (await listJobs()).length,
  };
}

type Plausible = { request: (fx: Fixture) => CallOptions; ok: number; allowed?: (fx: Fixture) => CallOptions };
const Q = "/api/accounts/[account]/queues/[queue]";
/** A request each mutating route would carry out; `ok` is its status when the role is enough. */
const PLAUSIBLE: Record<string, Plausible> = {
  "POST /api/accounts/[account]/queues": {
    request: (fx) => ({ body: { name: `${fx.queue}-new`, metadata: { a: "1" } } }),
    ok: 201,
  },
  [`DELETE ${Q}`]: { request: () => ({}), ok: 204 },
  [`PUT ${Q}/metadata`]: { request: () => ({ body: { metadata: { changed: "yes" } } }), ok: 200 },
  [`PUT ${Q}/access-policies`]: {
    request: () => ({ body: { policies: [{ id: "escalated", permissions: "raup", expiry: inAnHour() }] } }),
    ok: 200,
  },
  [`POST ${Q}/sas`]: { request: () => ({ body: { permissions: "raup", expiresOn: inAnHour() } }), ok: 200 },
  [`POST ${Q}/move`]: { request: (fx) => ({ body: { to: fx.target } }), ok: 202 },
  [`POST ${Q}/export`]: { request: () => ({ body: { max: 10 } }), ok: 202 },
  [`POST ${Q}/messages`]: { request: () => ({ body: { text: "escalated message" } }), ok: 201 },
  [`DELETE ${Q}/messages`]: { request: () => ({}), ok: 200 },
  [`POST ${Q}/messages/receive`]: { request: () => ({ body: { count: 32, visibilityTimeout: 3600 } }), ok: 200 },
  [`PUT ${Q}/messages/[id]`]: {
    request: (fx) => ({ body: { popReceipt: fx.popReceipt, text: "rewritten", visibilityTimeout: 0 } }),
    ok: 200,
  },
  [`DELETE ${Q}/messages/[id]`]: { request: (fx) => ({ query: { popReceipt: fx.popReceipt } }), ok: 204 },
  [`POST ${Q}/messages/bulk`]: { request: () => ({ body: { messages: ["bulk 1", "bulk 2"] } }), ok: 202 },
  // The service properties are shared by every test file on this Azurite: the allowed call is
  // refused by validation instead, which still shows it got past the role check.
  "PUT /api/accounts/[account]/service/properties": {
    request: (fx) => ({
      body: {
        cors: [
          {
            allowedOrigins: [fx.corsMarker],
            allowedMethods: ["GET"],
            allowedHeaders: [],
            exposedHeaders: [],
            maxAgeInSeconds: 60,
          },
        ],
      },
    }),
    allowed: () => ({ body: { cors: "not a list" } }),
    ok: 400,
  },
  "DELETE /api/jobs/[id]": { request: () => ({}), ok: 200 },
};

/** The call for a route: path parameters from the fixture, the body from PLAUSIBLE (or an empty one for a route added later). */
function requestFor(h: ApiHandler, fx: Fixture, kind: "request" | "allowed" = "request"): CallOptions {
  const params: Record<string, string> = {};
  for (const p of h.params)
    params[p] =
      p === "account"
        ? fx.account
        : p === "queue"
          ? fx.queue
          : p === "id"
            ? h.path.includes("/messages/")
              ? fx.messageId
              : (fx.jobId ?? "00000000-0000-0000-0000-000000000000")
            : "x";
  const plausible = PLAUSIBLE[h.key];
  const extra = plausible
    ? kind === "allowed" && plausible.allowed
      ? plausible.allowed(fx)
      : plausible.request(fx)
    : { body: {} };
  return { method: h.method, params, ...extra };
}

/** The audit fields every refused call on this fixture must carry. */
function auditTarget(h: ApiHandler, fx: Fixture) {
  return {
    action: h.spec!.action,
    ...(h.params.includes("account") ? { account: fx.account } : {}),
    ...(h.params.includes("queue") ? { queue: fx.queue } : {}),
  };
}

async function expectRefused(
  h: ApiHandler,
  fx: Fixture,
  opts: CallOptions & { cookie?: string },
  expected: { status: number; code: string; audit: Record<string, unknown> },
) {
  const before = await snapshot(fx);
  const { result: res, entries } = await auditDuring(() => send(h.handler, opts));
  expect(res.status, res.text).toBe(expected.status);
  expect(res.json.error.code).toBe(expected.code);
  expect(res.json.url, "a refused SAS request must not return a URL").toBeUndefined();
  expect(await snapshot(fx)).toEqual(before);
  const mine = entries.filter((e) => e.action === h.spec!.action);
  expect(mine).toEqual([
    expect.objectContaining({
      ...auditTarget(h, fx),
      outcome: "denied",
      status: expected.status,
      error: expected.code,
      ...expected.audit,
    }),
  ]);
}

describe("the route table", () => {
  it("finds every route module under app/api", () => {
    const keys = handlers.map((h) => h.key);
    for (const known of [
      "GET /api/accounts",
      "POST /api/accounts/[account]/queues",
      `DELETE ${Q}/messages/[id]`,
      "DELETE /api/jobs/[id]",
      "GET /api/audit",
      ...PUBLIC,
    ]) {
      expect(keys).toContain(known);
    }
    expect(guarded.length).toBeGreaterThanOrEqual(Object.keys(PLAUSIBLE).length);
  });

  it("every handler is made with the one route wrapper; the public ones are the sign-in routes", () => {
    expect(handlers.filter((h) => !h.spec).map((h) => h.key)).toEqual([]);
    expect(
      handlers
        .filter((h) => h.spec?.role === "public")
        .map((h) => h.key)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  it("the self-service token routes need viewer and name an audit action", () => {
    for (const key of SELF_SERVICE)
      expect(handlers.find((h) => h.key === key)?.spec, key).toMatchObject({
        role: "viewer",
        action: expect.stringMatching(/^token\.[a-z]+$/),
      });
  });

  it.each(guarded.map((h) => [h.key, h] as const))("%s names a role above viewer and an audit action", (_, h) => {
    expect(h.spec?.role).toMatch(/^(operator|admin)$/);
    expect(h.spec?.action).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
  });

  it("audit actions are unique per route", () => {
    const actions = guarded.map((h) => h.spec!.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it("reading the audit log needs admin", () => {
    expect(handlers.find((h) => h.key === "GET /api/audit")?.spec?.role).toBe("admin");
  });
});

describe("role escalation on every mutating route", () => {
  let cookies: Record<Role, string>;
  let fx: Fixture;
  beforeAll(async () => {
    await configureSignIn("roles");
    cookies = {
      viewer: await sessionFor(USERS.viewer),
      operator: await sessionFor(USERS.operator),
      admin: await sessionFor(USERS.admin),
    };
    fx = await makeFixture("local", { job: true });
  });
  afterAll(() => stopJob(fx));

  const below = guarded.flatMap((h) =>
    rolesBelow(h.spec!.role).map((role) => [`${h.key} as ${role}`, h, role] as const),
  );
  it("there is at least one refused role for every route", () => {
    expect(new Set(below.map(([, h]) => h.key)).size).toBe(guarded.length);
  });

  it.each(below)("%s → 403 forbidden, nothing changes, audited as denied", async (_, h, role) => {
    await expectRefused(
      h,
      fx,
      { ...requestFor(h, fx), cookie: cookies[role] },
      {
        status: 403,
        code: "forbidden",
        audit: { user: USERS[role].username, role, via: "password" },
      },
    );
  });

  it.each(guarded.map((h) => [h.key, h] as const))(
    "%s without a cookie → 401 unauthorized, nothing changes",
    async (_, h) => {
      await expectRefused(h, fx, requestFor(h, fx), {
        status: 401,
        code: "unauthorized",
        audit: { user: "anonymous", role: null },
      });
    },
  );

  it.each(guarded.map((h) => [`${h.key} as ${h.spec!.role}`, h] as const))(
    "%s gets past the role check",
    async (_, h) => {
      const own = await makeFixture("local", { job: h.path.startsWith("/api/jobs") });
      try {
        const { result: res, entries } = await auditDuring(() =>
          send(h.handler, { ...requestFor(h, own, "allowed"), cookie: cookies[h.spec!.role] }),
        );
        expect(res.status, res.text).not.toBe(401);
        expect(res.status, res.text).not.toBe(403);
        if (PLAUSIBLE[h.key]) expect(res.status, res.text).toBe(PLAUSIBLE[h.key]!.ok);
        const mine = entries.filter((e) => e.action === h.spec!.action);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({ user: USERS[h.spec!.role].username, role: h.spec!.role });
        expect(mine[0]!.outcome).not.toBe("denied");
        if (res.json?.job?.id) await jobSettled(res.json.job.id);
      } finally {
        await stopJob(own);
      }
    },
  );

  it("an operator's real change happens (the fixture really can change)", async () => {
    const own = await makeFixture();
    const before = await snapshot(own);
    const res = await send(sendRoute, {
      method: "POST",
      params: { account: "local", queue: own.queue },
      body: { text: "allowed" },
      cookie: cookies.operator,
    });
    expect(res.status).toBe(201);
    expect((await snapshot(own)).count).toBe(before.count! + 1);
  });
});

describe("cross-site requests", () => {
  let admin: string;
  let fx: Fixture;
  beforeAll(async () => {
    await configureSignIn("csrf");
    admin = await sessionFor(USERS.admin);
    fx = await makeFixture("local", { job: true });
  });
  afterAll(() => stopJob(fx));

  const variants: [string, Record<string, string>][] = [
    ["Origin: https://evil.example", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    [
      "Sec-Fetch-Site: same-site (a sibling subdomain)",
      { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-site" },
    ],
    ["Origin: null", { origin: "null" }],
    ["Origin on another port", { origin: "http://127.0.0.1:4000" }],
    ["unparseable Origin", { origin: "::::" }],
  ];
  const cases = guarded.flatMap((h) =>
    variants.map(([label, headers]) => [`${h.key} with ${label}`, h, headers] as const),
  );

  it.each(cases)("%s → 403 forbidden with a valid admin cookie, nothing changes", async (_, h, headers) => {
    await expectRefused(
      h,
      fx,
      { ...requestFor(h, fx), headers, cookie: admin },
      { status: 403, code: "forbidden", audit: {} },
    );
  });

  it.each([
    [
      "same Origin and Sec-Fetch-Site: same-origin",
      { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" },
    ],
    ["Sec-Fetch-Site: none (typed into the address bar)", { "sec-fetch-site": "none" }],
    [
      "the public origin behind a proxy (X-Forwarded-Host)",
      { origin: "https://queuescope.example.com", "x-forwarded-host": "queuescope.example.com" },
    ],
  ])("a mutation with %s passes", async (_, headers) => {
    const before = await snapshot(fx);
    const res = await send(sendRoute, {
      method: "POST",
      params: { account: "local", queue: fx.queue },
      body: { text: "same origin" },
      headers,
      cookie: admin,
    });
    expect(res.status, res.text).toBe(201);
    expect((await snapshot(fx)).count).toBe(before.count! + 1);
  });

  it("GETs are not subject to the check (links from elsewhere still open pages)", async () => {
    const res = await send(peekRoute, {
      params: { account: "local", queue: fx.queue },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      cookie: admin,
    });
    expect(res.status).toBe(200);
  });
});

describe("global read-only mode (QUEUESCOPE_READ_ONLY=1)", () => {
  let cookies: Record<Role, string>;
  let fx: Fixture;
  beforeAll(async () => {
    await configureSignIn("ro", { env: { QUEUESCOPE_READ_ONLY: "1" } });
    cookies = {
      viewer: await sessionFor(USERS.viewer),
      operator: await sessionFor(USERS.operator),
      admin: await sessionFor(USERS.admin),
    };
    fx = await makeFixture("local", { job: true });
  });
  afterAll(() => stopJob(fx));

  it.each(guarded.map((h) => [h.key, h] as const))(
    "%s → 403 read_only even for an admin, nothing changes",
    async (_, h) => {
      await expectRefused(
        h,
        fx,
        { ...requestFor(h, fx), cookie: cookies.admin },
        { status: 403, code: "read_only", audit: { user: USERS.admin.username, role: "admin" } },
      );
    },
  );

  it("reads still work", async () => {
    const list = await send(listQueuesRoute, {
      params: { account: "local" },
      query: { prefix: fx.queue },
      cookie: cookies.viewer,
    });
    expect(list.status).toBe(200);
    expect(list.json.queues.map((q: { name: string }) => q.name)).toContain(fx.queue);
    const peek = await send(peekRoute, { params: { account: "local", queue: fx.queue }, cookie: cookies.operator });
    expect(peek.json.messages.map((m: { text: string }) => m.text)).toEqual(["second", "third"]);
    expect((await send(auditRoute, { cookie: cookies.admin })).status).toBe(200);
  });

  it.each(["viewer", "operator", "admin"] as const)(
    "/api/accounts tells a %s that nothing can be changed, and why",
    async (role) => {
      const res = await send(accountsRoute, { cookie: cookies[role] });
      expect(res.status).toBe(200);
      expect(res.json.accounts).toEqual([
        expect.objectContaining({
          id: "local",
          readOnly: true,
          readOnlyReason: expect.stringMatching(/read-only mode/),
          can: { operate: false, admin: false },
        }),
      ]);
    },
  );

  it("/api/auth/me says read-only", async () => {
    expect((await send(meRoute, { cookie: cookies.admin })).json).toMatchObject({
      readOnly: true,
      user: { name: USERS.admin.username, role: "admin" },
    });
  });
});

describe("a read-only account in QUEUESCOPE_ACCOUNTS", () => {
  let cookies: Record<Role, string>;
  let frozen: Fixture;
  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "qs-acl-accounts-")), "accounts.json");
    writeFileSync(
      file,
      JSON.stringify([
        { id: "frozen", name: "Frozen", connectionString: emulatorConnectionString(), readOnly: true },
        { id: "live", name: "Live", connectionString: emulatorConnectionString() },
      ]),
    );
    await configureSignIn("ro-account", { env: { QUEUESCOPE_ACCOUNTS: file } });
    cookies = {
      viewer: await sessionFor(USERS.viewer),
      operator: await sessionFor(USERS.operator),
      admin: await sessionFor(USERS.admin),
    };
    frozen = await makeFixture("frozen");
  });

  const accountRoutes = guarded.filter((h) => h.params.includes("account"));
  it.each(accountRoutes.map((h) => [h.key, h] as const))(
    "%s on the read-only account → 403 read_only for an admin, nothing changes",
    async (_, h) => {
      await expectRefused(
        h,
        frozen,
        { ...requestFor(h, frozen), cookie: cookies.admin },
        { status: 403, code: "read_only", audit: { user: USERS.admin.username, account: "frozen" } },
      );
    },
  );

  it("the other account, on the same storage, is still writable", async () => {
    const live = { ...frozen, account: "live" };
    const before = await snapshot(live);
    const res = await send(sendRoute, {
      method: "POST",
      params: { account: "live", queue: frozen.queue },
      body: { text: "to the live account" },
      cookie: cookies.operator,
    });
    expect(res.status, res.text).toBe(201);
    expect((await snapshot(live)).count).toBe(before.count! + 1);
  });

  it("reads on the read-only account still work", async () => {
    const res = await send(peekRoute, { params: { account: "frozen", queue: frozen.queue }, cookie: cookies.viewer });
    expect(res.status).toBe(200);
    expect(res.json.messages.length).toBeGreaterThan(0);
  });

  it("/api/accounts marks only that account read-only", async () => {
    const res = await send(accountsRoute, { cookie: cookies.admin });
    const byId = Object.fromEntries(res.json.accounts.map((a: { id: string }) => [a.id, a]));
    expect(byId.frozen).toMatchObject({
      readOnly: true,
      readOnlyReason: expect.stringContaining("frozen"),
      can: { operate: false, admin: false },
    });
    expect(byId.live).toMatchObject({ readOnly: false, readOnlyReason: null, can: { operate: true, admin: true } });
    const asOperator = await send(accountsRoute, { cookie: cookies.operator });
    expect(asOperator.json.accounts.find((a: { id: string }) => a.id === "live").can).toEqual({
      operate: true,
      admin: false,
    });
  });
});

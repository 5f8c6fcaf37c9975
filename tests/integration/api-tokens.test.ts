// API tokens against real Azurite: made by signed-in people for themselves, shown once, stored
// hashed, capped by their owner's current role, revocable, and named in the audit of every change
// they make. A bearer request carries no cookies and so needs no Origin; a cookie request is
// always checked. A presented token is that token's in every mode, local mode included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createQueueRoute } from "@/app/api/accounts/[account]/queues/route";
import { GET as peekRoute, POST as sendRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { GET as auditRoute } from "@/app/api/audit/route";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { DELETE as revokeRoute } from "@/app/api/tokens/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/tokens/route";
import { getRecord, mergeRecord } from "@/lib/state/store";
import { TOKEN_PATTERN } from "@/lib/validation/tokens";
import { emulatorService, uniquePrefix, useEnv } from "../support/api";
import {
  auditDuring,
  auditText,
  captureOutput,
  configureSignIn,
  send,
  sessionFor,
  USERS,
  writeUsers,
  type Answer,
} from "../support/auth";

const prefix = uniquePrefix("tokens");
let queues = 0;
async function makeQueue(): Promise<string> {
  const name = `${prefix}-${queues++}`;
  await emulatorService().getQueueClient(name).create();
  return name;
}
const count = async (queue: string) =>
  (await emulatorService().getQueueClient(queue).getProperties()).approximateMessagesCount;
const at = (queue: string) => ({ account: "local", queue });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function mint(
  auth: { cookie?: string; headers?: Record<string, string> },
  role: string,
  name = `script-${role}`,
  expiresInDays = 7,
): Promise<{ token: string; id: string; res: Answer }> {
  const res = await send(createRoute, { method: "POST", body: { name, role, expiresInDays }, ...auth });
  if (res.status !== 201) throw new Error(`minting a ${role} token failed: ${res.status} ${res.text}`);
  return { token: res.json.token, id: res.json.info.id, res };
}

afterAll(() =>
  useEnv({
    QUEUESCOPE_READ_ONLY: undefined,
    QUEUESCOPE_PROXY_USER_HEADER: undefined,
    QUEUESCOPE_PROXY_ROLES: undefined,
  }),
);

describe("tokens with local users", () => {
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    await configureSignIn("tokens");
    for (const u of Object.values(USERS)) cookies[u.role] = await sessionFor(u);
  });

  it("the secret is in the POST answer only: not in the list, the stored record, the audit log or the output", async () => {
    const out = captureOutput();
    let created: Awaited<ReturnType<typeof mint>>;
    let list: Answer;
    try {
      created = await mint({ cookie: cookies.operator }, "operator", "nightly redrive", 30);
      const queue = await makeQueue();
      expect(
        (
          await send(sendRoute, {
            method: "POST",
            params: at(queue),
            body: { text: "from a script" },
            headers: bearer(created.token),
          })
        ).status,
      ).toBe(201);
      list = await send(listRoute, { cookie: cookies.operator });
    } finally {
      out.restore();
    }
    const secret = TOKEN_PATTERN.exec(created.token)![2]!;
    expect(created.res.json.info).toMatchObject({
      name: "nightly redrive",
      role: "operator",
      owner: USERS.operator.username,
      ownerVia: "password",
      state: "active",
      revokedAt: null,
    });
    expect(Date.parse(created.res.json.info.expiresAt) - Date.parse(created.res.json.info.createdAt)).toBe(
      30 * 86_400_000,
    );
    expect(created.res.headers.get("cache-control")).toBe("no-store");
    expect(list.json.tokens).toContainEqual(created.res.json.info);
    const stored = await getRecord("tokens", created.id, "token");
    for (const [where, text] of [
      ["the list", list.text],
      ["the stored record", JSON.stringify(stored)],
      ["the audit log", await auditText()],
      ["the output", out.text()],
    ] as const) {
      expect(text, where).not.toContain(secret);
      expect(text, where).not.toContain(created.token);
    }
  });

  it("a token's role is at most its creator's: a viewer cannot make an operator token, an operator no admin one", async () => {
    const before = (await send(listRoute, { cookie: cookies.admin })).json.tokens.length;
    for (const [who, role] of [
      ["viewer", "operator"],
      ["viewer", "admin"],
      ["operator", "admin"],
    ] as const) {
      const res = await send(createRoute, {
        method: "POST",
        body: { name: "too high", role, expiresInDays: 1 },
        cookie: cookies[who],
      });
      expect({ status: res.status, code: res.json.error.code }, `${who} → ${role}`).toEqual({
        status: 403,
        code: "forbidden",
      });
    }
    expect((await send(listRoute, { cookie: cookies.admin })).json.tokens.length).toBe(before);
  });

  it("refuses a malformed request with a clear 400", async () => {
    for (const body of [
      { name: "", role: "viewer", expiresInDays: 1 },
      { name: "x", role: "root", expiresInDays: 1 },
      { name: "x", role: "viewer", expiresInDays: 0 },
      { name: "x", role: "viewer", expiresInDays: 366 },
      { name: "x", role: "viewer" },
    ]) {
      const res = await send(createRoute, { method: "POST", body, cookie: cookies.admin });
      expect({ status: res.status, code: res.json.error.code }, JSON.stringify(body)).toEqual({
        status: 400,
        code: "validation_failed",
      });
    }
  });

  it("by role: a viewer token reads but cannot write, an operator token sends, admin-only routes refuse an operator token", async () => {
    const viewer = await mint({ cookie: cookies.viewer }, "viewer");
    const operator = await mint({ cookie: cookies.operator }, "operator");
    const admin = await mint({ cookie: cookies.admin }, "admin");
    const queue = await makeQueue();
    expect((await send(peekRoute, { params: at(queue), headers: bearer(viewer.token) })).status).toBe(200);
    const refused = await send(sendRoute, {
      method: "POST",
      params: at(queue),
      body: { text: "no" },
      headers: bearer(viewer.token),
    });
    expect({ status: refused.status, code: refused.json.error.code }).toEqual({ status: 403, code: "forbidden" });
    expect(await count(queue)).toBe(0);
    expect(
      (
        await send(sendRoute, {
          method: "POST",
          params: at(queue),
          body: { text: "yes" },
          headers: bearer(operator.token),
        })
      ).status,
    ).toBe(201);
    expect(await count(queue)).toBe(1);
    expect((await send(auditRoute, { headers: bearer(operator.token) })).status).toBe(403);
    const create = await send(createQueueRoute, {
      method: "POST",
      params: { account: "local" },
      body: { name: `${queue}-new` },
      headers: bearer(operator.token),
    });
    expect(create.status).toBe(403);
    expect((await send(auditRoute, { headers: bearer(admin.token) })).status).toBe(200);
    // An admin's token with a lesser role is that role.
    const adminsViewer = await mint({ cookie: cookies.admin }, "viewer");
    expect((await send(auditRoute, { headers: bearer(adminsViewer.token) })).status).toBe(403);
    expect((await send(meRoute, { headers: bearer(operator.token) })).json.user).toMatchObject({
      name: USERS.operator.username,
      role: "operator",
      via: "token",
    });
  });

  it("audit entries of a token's changes name the token, and its owner", async () => {
    const { token, id } = await mint({ cookie: cookies.operator }, "operator", "audit-me");
    const queue = await makeQueue();
    const { entries } = await auditDuring(() =>
      send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(token) }),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        action: "message.send",
        user: USERS.operator.username,
        role: "operator",
        via: "token",
        token: "audit-me",
        tokenId: id,
        outcome: "ok",
        queue,
      }),
    ]);
    const viewer = await mint({ cookie: cookies.viewer }, "viewer", "denied-script");
    const denied = await auditDuring(() =>
      send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(viewer.token) }),
    );
    expect(denied.entries).toEqual([
      expect.objectContaining({
        action: "message.send",
        via: "token",
        token: "denied-script",
        outcome: "denied",
        status: 403,
      }),
    ]);
  });

  it("a bearer request needs no Origin on mutations; a cookie request never skips the check", async () => {
    const { token } = await mint({ cookie: cookies.operator }, "operator");
    const queue = await makeQueue();
    // A script: no Origin, no Sec-Fetch-Site, no cookie.
    expect(
      (await send(sendRoute, { method: "POST", params: at(queue), body: { text: "a" }, headers: bearer(token) }))
        .status,
    ).toBe(201);
    // Browsers never send Authorization cross-site without a CORS preflight, which is never granted.
    expect(
      (
        await send(sendRoute, {
          method: "POST",
          params: at(queue),
          body: { text: "b" },
          headers: { ...bearer(token), origin: "https://elsewhere.example" },
        })
      ).status,
    ).toBe(201);
    expect(await count(queue)).toBe(2);
    const crossSite = [
      ["a cookie without Origin or Sec-Fetch-Site", {}, cookies.operator],
      ["a cookie and a valid token, without Origin or Sec-Fetch-Site", bearer(token), cookies.operator],
      ["a cookie, cross-site, without Origin", { "sec-fetch-site": "cross-site" }, cookies.operator],
      [
        "a cookie and a valid token, from another origin",
        { ...bearer(token), origin: "https://evil.example" },
        cookies.operator,
      ],
      [
        "a cookie and a valid token, cross-site, without Origin",
        { ...bearer(token), "sec-fetch-site": "cross-site" },
        cookies.operator,
      ],
      [
        "a garbage cookie and a valid token, cross-site",
        { ...bearer(token), "sec-fetch-site": "cross-site" },
        "garbage",
      ],
    ] as const;
    for (const [label, headers, cookie] of crossSite) {
      for (const [route, opts] of [
        [sendRoute, { params: at(queue), body: { text: "c" } }],
        [createRoute, { body: { name: "csrf", role: "viewer", expiresInDays: 1 } }],
      ] as const) {
        const res = await send(route, { method: "POST", ...opts, headers, cookie, origin: null });
        expect({ status: res.status, code: res.json?.error?.code }, label).toEqual({ status: 403, code: "forbidden" });
      }
    }
    expect(await count(queue)).toBe(2);
  });

  it("an expired, revoked, malformed or unknown token is 401 unauthorized", async () => {
    const queue = await makeQueue();
    const expired = await mint({ cookie: cookies.operator }, "operator", "expired");
    await mergeRecord(
      "tokens",
      { partitionKey: expired.id, rowKey: "token", expiresAt: new Date(Date.now() - 1000).toISOString() },
      "*",
    );
    const revoked = await mint({ cookie: cookies.operator }, "operator", "revoked");
    const res = await send(revokeRoute, { method: "DELETE", params: { id: revoked.id }, cookie: cookies.operator });
    expect(res.json).toMatchObject({ id: revoked.id, state: "revoked" });
    const live = await mint({ cookie: cookies.operator }, "operator");
    const wrongSecret = live.token.slice(0, -4) + (live.token.endsWith("AAAA") ? "BBBB" : "AAAA");
    const unknownId = `qst_${"0".repeat(24)}_${live.token.slice(-43)}`;
    const cases = [
      ["expired", expired.token, /expired/],
      ["revoked", revoked.token, /revoked/],
      ["a wrong secret", wrongSecret, /not valid/],
      ["an unknown id", unknownId, /not valid/],
      ["not our format", "abc.def.ghi", /not valid/],
      ["empty after the prefix", "qst_", /not valid/],
      ["two words", "qst_a qst_b", /not valid/],
      ["nothing at all", "", /not valid/],
      ["a 10,000-character token", `qst_${"a".repeat(10_000)}`, /not valid/],
    ] as const;
    for (const [label, token, message] of cases) {
      for (const [route, opts] of [
        [peekRoute, { params: at(queue) }],
        [sendRoute, { method: "POST", params: at(queue), body: { text: "x" } }],
      ] as const) {
        const answer = await send(route, { ...opts, headers: bearer(token) });
        expect({ status: answer.status, code: answer.json.error.code }, label).toEqual({
          status: 401,
          code: "unauthorized",
        });
        expect(answer.json.error.message, label).toMatch(message);
      }
    }
    expect(await count(queue)).toBe(0);
    expect((await send(peekRoute, { params: at(queue), headers: bearer(live.token) })).status).toBe(200);
  });

  it("lists and revokes: everyone their own, admins all; someone else's token is not found to a non-admin", async () => {
    const vera = await mint({ cookie: cookies.viewer }, "viewer", "vera-script");
    const otto = await mint({ cookie: cookies.operator }, "operator", "otto-script");
    const mine = (await send(listRoute, { cookie: cookies.viewer })).json.tokens as { owner: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((t) => t.owner))).toEqual(new Set([USERS.viewer.username]));
    const all = (await send(listRoute, { cookie: cookies.admin })).json.tokens as { id: string }[];
    expect(all.map((t) => t.id)).toEqual(expect.arrayContaining([vera.id, otto.id]));
    const theirs = await send(revokeRoute, { method: "DELETE", params: { id: otto.id }, cookie: cookies.viewer });
    expect({ status: theirs.status, code: theirs.json.error.code }).toEqual({ status: 404, code: "not_found" });
    expect((await send(meRoute, { headers: bearer(otto.token) })).json.user?.name).toBe(USERS.operator.username);
    const { result, entries } = await auditDuring(() =>
      send(revokeRoute, { method: "DELETE", params: { id: otto.id }, cookie: cookies.admin }),
    );
    expect(result.status).toBe(200);
    expect(entries).toEqual([
      expect.objectContaining({
        action: "token.revoke",
        user: USERS.admin.username,
        outcome: "ok",
        params: expect.objectContaining({ id: otto.id, name: "otto-script", owner: USERS.operator.username }),
      }),
    ]);
    expect((await send(peekRoute, { params: at(await makeQueue()), headers: bearer(otto.token) })).status).toBe(401);
    expect(
      (await send(revokeRoute, { method: "DELETE", params: { id: "not-an-id" }, cookie: cookies.admin })).status,
    ).toBe(404);
  });

  it("a token cannot create tokens, but can revoke itself", async () => {
    const { token, id } = await mint({ cookie: cookies.admin }, "admin");
    const res = await send(createRoute, {
      method: "POST",
      body: { name: "child", role: "viewer", expiresInDays: 1 },
      headers: bearer(token),
    });
    expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 403, code: "forbidden" });
    expect((await send(revokeRoute, { method: "DELETE", params: { id }, headers: bearer(token) })).status).toBe(200);
    expect((await send(listRoute, { headers: bearer(token) })).status).toBe(401);
  });

  it("a demoted owner's token acts with the owner's new role; a removed owner's token stops working", async () => {
    const { token } = await mint({ cookie: cookies.operator }, "operator", "owner-changes");
    const queue = await makeQueue();
    await writeUsers([USERS.viewer, { ...USERS.operator, role: "viewer" }, USERS.admin]);
    try {
      expect(
        (await send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(token) }))
          .status,
      ).toBe(403);
      expect((await send(peekRoute, { params: at(queue), headers: bearer(token) })).status).toBe(200);
      await writeUsers([USERS.viewer, USERS.admin]);
      const gone = await send(peekRoute, { params: at(queue), headers: bearer(token) });
      expect({ status: gone.status, code: gone.json.error.code }).toEqual({ status: 401, code: "unauthorized" });
      expect(gone.json.error.message).toContain("owner");
    } finally {
      await writeUsers(Object.values(USERS));
    }
    expect(
      (await send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(token) }))
        .status,
    ).toBe(201);
  });
});

describe("tokens in local mode (no sign-in configured)", () => {
  beforeAll(async () => {
    await configureSignIn("tokens-local", { users: [] });
  });

  it("an invalid token is 401 even though local mode needs none; no token is the local admin", async () => {
    const queue = await makeQueue();
    expect((await send(peekRoute, { params: at(queue) })).status).toBe(200);
    for (const token of ["nonsense", `qst_${"f".repeat(24)}_${"A".repeat(43)}`]) {
      const res = await send(sendRoute, {
        method: "POST",
        params: at(queue),
        body: { text: "x" },
        headers: bearer(token),
      });
      expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 401, code: "unauthorized" });
    }
    expect(await count(queue)).toBe(0);
  });

  it("a token made in local mode is that token's: a viewer token cannot write, and is audited by name", async () => {
    const { token, id } = await mint({}, "viewer", "local-viewer");
    const queue = await makeQueue();
    const { result, entries } = await auditDuring(() =>
      send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(token) }),
    );
    expect(result.status).toBe(403);
    expect(entries).toEqual([
      expect.objectContaining({ user: "local", via: "token", token: "local-viewer", tokenId: id, outcome: "denied" }),
    ]);
    expect(await count(queue)).toBe(0);
  });

  it("a token made by a local user stops working when the app is back in local mode (its owner can no longer sign in)", async () => {
    await configureSignIn("tokens-local-owner");
    const { token } = await mint({ cookie: await sessionFor(USERS.operator) }, "operator");
    await writeUsers([]);
    useEnv({});
    const res = await send(peekRoute, { params: at(await makeQueue()), headers: bearer(token) });
    expect(res.status).toBe(401);
  });
});

describe("tokens with a trusted-header proxy, and in read-only mode", () => {
  it("work behind the proxy without its header; the proxy's own bearer token is not taken for one of ours", async () => {
    await configureSignIn("tokens-proxy", {
      users: [],
      env: { QUEUESCOPE_PROXY_USER_HEADER: "X-Remote-User", QUEUESCOPE_PROXY_ROLES: '{"operator":["bob"]}' },
    });
    const { token } = await mint({ headers: { "x-remote-user": "bob" } }, "operator", "behind-proxy");
    const queue = await makeQueue();
    expect(
      (await send(sendRoute, { method: "POST", params: at(queue), body: { text: "x" }, headers: bearer(token) }))
        .status,
    ).toBe(201);
    expect(
      (await send(meRoute, { headers: { "x-remote-user": "bob", authorization: "Bearer eyJhbGciOi.proxy.jwt" } })).json
        .user,
    ).toMatchObject({ name: "bob", via: "proxy" });
    expect((await send(meRoute, { headers: { authorization: "Bearer eyJhbGciOi.proxy.jwt" } })).status).toBe(401);
    // Taken out of the role map: the token goes with it.
    useEnv({ QUEUESCOPE_PROXY_ROLES: '{"admin":["someone-else"]}' });
    expect((await send(peekRoute, { params: at(queue), headers: bearer(token) })).status).toBe(401);
  });

  it("read-only mode still lets people make and revoke tokens (Queuescope's own records), and refuses a token's changes", async () => {
    await configureSignIn("tokens-readonly", { env: { QUEUESCOPE_READ_ONLY: "1" } });
    const cookie = await sessionFor(USERS.operator);
    const { token, id } = await mint({ cookie }, "operator");
    const res = await send(sendRoute, {
      method: "POST",
      params: at(await makeQueue()),
      body: { text: "x" },
      headers: bearer(token),
    });
    expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 403, code: "read_only" });
    expect((await send(revokeRoute, { method: "DELETE", params: { id }, cookie })).status).toBe(200);
  });
});

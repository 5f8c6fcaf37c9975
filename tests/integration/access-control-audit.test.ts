// The audit log: what a change records, what it must never record (message bodies, passwords,
// account keys, SAS signatures, session cookies), and GET /api/audit (admin only, filters, pages).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PUT as updateRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/[id]/route";
import { POST as bulkRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/bulk/route";
import { POST as receiveRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/receive/route";
import { DELETE as clearRoute, POST as sendRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { POST as sasRoute } from "@/app/api/accounts/[account]/queues/[queue]/sas/route";
import { GET as auditRoute } from "@/app/api/audit/route";
import type { Role } from "@/lib/config/auth";
import { EMULATOR_ACCOUNT_KEY } from "@/lib/config/accounts";
import { jobSettled } from "@/lib/jobs/runner";
import type { AuditEntry } from "@/lib/validation/audit";
import { emulatorService, uniquePrefix } from "../support/api";
import {
  auditDuring,
  auditText,
  captureOutput,
  send,
  sessionFor,
  signIn,
  configureSignIn,
  USERS,
} from "../support/auth";

const prefix = uniquePrefix("aclaudit");
let queues = 0;
async function makeQueue(messages: string[] = []): Promise<string> {
  const name = `${prefix}-${queues++}`;
  const q = emulatorService().getQueueClient(name);
  await q.create();
  for (const m of messages) await q.sendMessage(m);
  return name;
}
const at = (queue: string) => ({ account: "local", queue });
const marker = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

let cookies: Record<Role, string>;
beforeAll(async () => {
  await configureSignIn("audit");
  cookies = {
    viewer: await sessionFor(USERS.viewer),
    operator: await sessionFor(USERS.operator),
    admin: await sessionFor(USERS.admin),
  };
});

describe("what a change records", () => {
  it("a send: who, role, account, queue, action, outcome ok and counts", async () => {
    const queue = await makeQueue();
    const text = marker("order-body");
    const { result: res, entries } = await auditDuring(() =>
      send(sendRoute, { method: "POST", params: at(queue), body: { text, count: 2 }, cookie: cookies.operator }),
    );
    expect(res.status).toBe(201);
    expect(entries).toEqual([
      expect.objectContaining({
        user: USERS.operator.username,
        role: "operator",
        via: "password",
        action: "message.send",
        account: "local",
        queue,
        outcome: "ok",
        status: 201,
        counts: { sent: 2, bytesEach: Buffer.byteLength(text) },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(text);
  });

  it("a clear: the same, with how many messages were there", async () => {
    const queue = await makeQueue(["a", "b", "c"]);
    const { result: res, entries } = await auditDuring(() =>
      send(clearRoute, { method: "DELETE", params: at(queue), cookie: cookies.operator }),
    );
    expect(res.status).toBe(200);
    expect((await emulatorService().getQueueClient(queue).getProperties()).approximateMessagesCount).toBe(0);
    expect(entries).toEqual([
      expect.objectContaining({
        user: USERS.operator.username,
        role: "operator",
        action: "queue.clear",
        account: "local",
        queue,
        outcome: "ok",
        status: 200,
        counts: { approximateBefore: 3 },
      }),
    ]);
  });

  it("a refused change is recorded as denied, with who tried", async () => {
    const queue = await makeQueue();
    const { entries } = await auditDuring(() =>
      send(clearRoute, { method: "DELETE", params: at(queue), cookie: cookies.viewer }),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        user: USERS.viewer.username,
        role: "viewer",
        action: "queue.clear",
        queue,
        outcome: "denied",
        status: 403,
        error: "forbidden",
      }),
    ]);
  });
});

describe("what the audit log and the output never contain", () => {
  it("message bodies, passwords, the account key, SAS signatures or session cookies", async () => {
    const bodies = {
      send: marker("sent-body"),
      bulk: marker("bulk-body"),
      update: marker("updated-body"),
      find: marker("find"),
      replace: marker("replacement"),
    };
    const wrongPassword = marker("wrong-password");
    const queue = await makeQueue();
    const source = await makeQueue([`before ${bodies.find} after`]);
    const target = await makeQueue();
    const out = captureOutput();
    let sasUrl: string;
    let fresh: string;
    try {
      fresh = (await signIn(USERS.admin.username, USERS.admin.password)).cookie!;
      expect((await signIn(USERS.admin.username, wrongPassword)).status).toBe(401);
      expect(
        (
          await send(sendRoute, {
            method: "POST",
            params: at(queue),
            body: { text: bodies.send },
            cookie: cookies.operator,
          })
        ).status,
      ).toBe(201);
      const bulk = await send(bulkRoute, {
        method: "POST",
        params: at(queue),
        body: { messages: [bodies.bulk, bodies.bulk] },
        cookie: cookies.operator,
      });
      expect(bulk.status).toBe(202);
      await jobSettled(bulk.json.job.id);
      const [first] = (
        await send(receiveRoute, {
          method: "POST",
          params: at(queue),
          body: { count: 1, visibilityTimeout: 60 },
          cookie: cookies.operator,
        })
      ).json.messages;
      const updated = await send(updateRoute, {
        method: "PUT",
        params: { ...at(queue), id: first.id },
        body: { popReceipt: first.popReceipt, text: bodies.update, visibilityTimeout: 0 },
        cookie: cookies.operator,
      });
      expect(updated.status).toBe(200);
      const move = await send(moveRoute, {
        method: "POST",
        params: at(source),
        body: { to: target, transform: { kind: "replace", find: bodies.find, replace: bodies.replace } },
        cookie: cookies.operator,
      });
      expect(move.status).toBe(202);
      await jobSettled(move.json.job.id);
      const sas = await send(sasRoute, {
        method: "POST",
        params: at(queue),
        body: { permissions: "rp", expiresOn: inAnHour() },
        cookie: cookies.admin,
      });
      expect(sas.status).toBe(200);
      sasUrl = sas.json.url;
    } finally {
      out.restore();
    }
    // The move really carried the replaced text, so the transform ran with these values.
    const moved = (
      await emulatorService().getQueueClient(target).peekMessages({ numberOfMessages: 32 })
    ).peekedMessageItems.map((m) => m.messageText);
    expect(moved).toEqual([`before ${bodies.replace} after`]);

    const sig = new URL(sasUrl).searchParams.get("sig")!;
    expect(sig.length).toBeGreaterThan(20);
    const audit = await auditText();
    const output = out.text();
    // The capture and the log saw these calls (so the absence below means something).
    for (const action of [
      "auth.sign_in",
      "message.send",
      "message.bulk_send",
      "message.update",
      "queue.move",
      "job.move.finished",
      "queue.sas.create",
    ]) {
      expect(audit).toContain(`"action":"${action}"`);
      expect(output).toContain(`"action":"${action}"`);
    }
    const secrets: Record<string, string> = {
      ...bodies,
      wrongPassword,
      ...Object.fromEntries(Object.values(USERS).map((u) => [`password of ${u.username}`, u.password])),
      accountKey: EMULATOR_ACCOUNT_KEY,
      accountKeyEncoded: encodeURIComponent(EMULATOR_ACCOUNT_KEY),
      sig,
      sigEncoded: encodeURIComponent(sig),
      sasQuery: new URL(sasUrl).search.slice(1),
      sessionCookie: cookies.operator.split(".")[1]!,
      freshSessionCookie: fresh!.split(".")[1]!,
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(audit.includes(secret), `${what} in audit.ndjson`).toBe(false);
      expect(output.includes(secret), `${what} in the output`).toBe(false);
    }
  });
});

describe("GET /api/audit", () => {
  const list = (query: Record<string, string>, role: Role = "admin") =>
    send(auditRoute, { query, cookie: cookies[role] });
  let q1: string;
  let q2: string;
  beforeAll(async () => {
    [q1, q2] = [await makeQueue(), await makeQueue()];
    for (let i = 0; i < 3; i++)
      await send(sendRoute, { method: "POST", params: at(q1), body: { text: `m${i}` }, cookie: cookies.operator });
    await send(sendRoute, { method: "POST", params: at(q2), body: { text: "m" }, cookie: cookies.admin });
    await send(sendRoute, { method: "POST", params: at(q1), body: { text: "nope" }, cookie: cookies.viewer });
  });

  it.each([
    ["viewer", 403, "forbidden"],
    ["operator", 403, "forbidden"],
    [undefined, 401, "unauthorized"],
  ] as const)("is refused to %s", async (role, status, code) => {
    const res = await send(auditRoute, { cookie: role ? cookies[role] : undefined });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(res.json.entries).toBeUndefined();
  });

  it("answers an admin, newest first", async () => {
    const res = await list({});
    expect(res.status).toBe(200);
    expect(res.json.entries.length).toBeGreaterThanOrEqual(5);
    const times = res.json.entries.map((e: AuditEntry) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it.each<[string, () => Record<string, string>, (e: AuditEntry) => boolean, number]>([
    ["user", () => ({ user: USERS.operator.username }), (e) => e.user === USERS.operator.username, 4],
    ["action", () => ({ action: "message.send" }), (e) => e.action === "message.send", 5],
    ["outcome", () => ({ outcome: "denied" }), (e) => e.outcome === "denied", 1],
    ["account", () => ({ account: "local" }), (e) => e.account === "local", 5],
    ["queue", () => ({ queue: q2 }), (e) => e.queue === q2 && e.user === USERS.admin.username, 1],
  ])("filters by %s", async (_, query, matches, atLeast) => {
    const res = await list({ ...query(), limit: "500" });
    expect(res.status).toBe(200);
    const entries: AuditEntry[] = res.json.entries;
    expect(res.json.nextCursor).toBeNull();
    expect(entries.length).toBeGreaterThanOrEqual(atLeast);
    expect(entries.every(matches)).toBe(true);
    const all: AuditEntry[] = (await list({ limit: "500" })).json.entries;
    expect(entries.length).toBeLessThan(all.length);
  });

  it("combines filters", async () => {
    const res = await list({ user: USERS.viewer.username, outcome: "denied", queue: q1, action: "message.send" });
    expect(res.json.entries).toEqual([
      expect.objectContaining({
        user: USERS.viewer.username,
        queue: q1,
        action: "message.send",
        outcome: "denied",
        status: 403,
      }),
    ]);
    expect((await list({ user: USERS.viewer.username, outcome: "ok", queue: q1 })).json.entries).toEqual([]);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).json).toEqual({
      entries: [],
      nextCursor: null,
    });
  });

  it("pages through the matches without gaps or repeats", async () => {
    const whole: AuditEntry[] = (await list({ queue: q1, limit: "500" })).json.entries;
    expect(whole.length).toBe(4);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list({ queue: q1, limit: "3", ...(cursor ? { cursor } : {}) });
      expect(res.json.entries.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.entries.map((e: AuditEntry) => e.id));
      cursor = res.json.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(whole.map((e) => e.id));
  });

  it.each<Record<string, string>>([
    { bogus: "1" },
    { outcome: "maybe" },
    { limit: "0" },
    { limit: "501" },
    { cursor: "-1" },
    { from: "yesterday" },
  ])("refuses the query %j", async (query) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
  });
});

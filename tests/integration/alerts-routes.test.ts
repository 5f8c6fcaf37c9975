// The alert rule routes with real sign-ins: admins only (viewers and operators get 403 and change
// nothing), validation with stable codes and the field named, 404 for unknown ids, and an audit
// entry for every change that names the webhook only by its origin.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as alertsRoute } from "@/app/api/alerts/route";
import { DELETE as deleteRoute, PUT as putRoute } from "@/app/api/alerts/rules/[id]/route";
import { POST as testRoute } from "@/app/api/alerts/rules/[id]/test/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/alerts/rules/route";
import type { Role } from "@/lib/config/auth";
import { auditDuring, auditText, configureSignIn, send, sessionFor, USERS } from "../support/auth";

let cookies: Record<Role, string>;
beforeAll(async () => {
  await configureSignIn("alerts");
  cookies = {
    viewer: await sessionFor(USERS.viewer),
    operator: await sessionFor(USERS.operator),
    admin: await sessionFor(USERS.admin),
  };
});

const token = () => `tok-${randomBytes(8).toString("hex")}`;
const valid = (over: Record<string, unknown> = {}) => ({
  name: "Poison not empty",
  account: "local",
  queuePattern: "*-poison",
  condition: "not_empty",
  threshold: 0,
  forSeconds: 60,
  webhookUrl: `https://hooks.slack.com/services/T1/B2/${token()}`,
  webhookFormat: "slack",
  enabled: true,
  ...over,
});

const create = (body: unknown, role: Role = "admin") =>
  send(createRoute, { method: "POST", body, cookie: cookies[role] });

describe("rules CRUD by role", () => {
  it("an admin creates, lists, updates and deletes a rule, each audited without the webhook's token", async () => {
    const body = valid();
    const secret = (body.webhookUrl as string).split("/").at(-1)!;
    const { result: created, entries } = await auditDuring(() => create(body));
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      name: "Poison not empty",
      queuePattern: "*-poison",
      condition: "not_empty",
      webhookFormat: "slack",
      enabled: true,
      id: expect.stringMatching(/^[a-z0-9]{16}$/),
    });
    expect(entries).toEqual([
      expect.objectContaining({
        action: "alert.rule.create",
        user: "ada",
        outcome: "ok",
        status: 201,
        params: expect.objectContaining({ id: created.json.id, webhookTarget: "https://hooks.slack.com" }),
      }),
    ]);
    const id = created.json.id as string;

    const list = await send(listRoute, { cookie: cookies.admin });
    expect(list.json.rules.find((r: { id: string }) => r.id === id)).toMatchObject({
      webhookUrl: body.webhookUrl,
      deliveries: { ok: 0, failed: 0 },
    });

    const { result: updated, entries: updates } = await auditDuring(() =>
      send(putRoute, {
        method: "PUT",
        params: { id },
        body: valid({ name: "Poison (edited)", enabled: false, webhookUrl: body.webhookUrl }),
        cookie: cookies.admin,
      }),
    );
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json).toMatchObject({
      id,
      name: "Poison (edited)",
      enabled: false,
      createdAt: created.json.createdAt,
    });
    expect(updates).toEqual([
      expect.objectContaining({
        action: "alert.rule.update",
        outcome: "ok",
        params: expect.objectContaining({ id, name: "Poison (edited)" }),
      }),
    ]);

    const { result: deleted, entries: deletes } = await auditDuring(() =>
      send(deleteRoute, { method: "DELETE", params: { id }, cookie: cookies.admin }),
    );
    expect(deleted.status).toBe(204);
    expect(deletes).toEqual([
      expect.objectContaining({ action: "alert.rule.delete", outcome: "ok", params: { id, name: "Poison (edited)" } }),
    ]);
    expect(
      (await send(listRoute, { cookie: cookies.admin })).json.rules.map((r: { id: string }) => r.id),
    ).not.toContain(id);
    expect(await auditText()).not.toContain(secret);
  });

  it.each(["viewer", "operator"] as const)(
    "a %s cannot list, create, change, test or delete rules (403, nothing changes, audited as denied)",
    async (role) => {
      const existing = await create(valid({ name: `kept-${role}` }));
      const id = existing.json.id as string;
      expect((await send(listRoute, { cookie: cookies[role] })).status).toBe(403);
      const { result, entries } = await auditDuring(async () => [
        await create(valid({ name: "escalated" }), role),
        await send(putRoute, {
          method: "PUT",
          params: { id },
          body: valid({ name: "escalated" }),
          cookie: cookies[role],
        }),
        await send(testRoute, { method: "POST", params: { id }, cookie: cookies[role] }),
        await send(deleteRoute, { method: "DELETE", params: { id }, cookie: cookies[role] }),
      ]);
      expect(result.map((r) => [r.status, r.json.error.code])).toEqual(Array(4).fill([403, "forbidden"]));
      expect(entries.map((e) => [e.action, e.outcome, e.user])).toEqual([
        ["alert.rule.create", "denied", USERS[role].username],
        ["alert.rule.update", "denied", USERS[role].username],
        ["alert.rule.test", "denied", USERS[role].username],
        ["alert.rule.delete", "denied", USERS[role].username],
      ]);
      const rules = (await send(listRoute, { cookie: cookies.admin })).json.rules as { id: string; name: string }[];
      expect(rules.find((r) => r.id === id)?.name).toBe(`kept-${role}`);
      expect(rules.map((r) => r.name)).not.toContain("escalated");
    },
  );

  it("a viewer reads firing alerts and history", async () => {
    const res = await send(alertsRoute, { cookie: cookies.viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      firing: expect.any(Array),
      recent: expect.any(Array),
      deliveryProblems: expect.any(Array),
    });
  });
});

describe("validation and unknown ids", () => {
  it.each([
    ["an unknown condition", { condition: "exploded" }, "body.condition"],
    ["a negative threshold", { threshold: -1 }, "body.threshold"],
    ["fractional seconds", { forSeconds: 1.5 }, "body.forSeconds"],
    ["an ftp webhook", { webhookUrl: "ftp://hooks.example/x" }, "body.webhookUrl"],
    ["a javascript: webhook", { webhookUrl: "javascript:alert(1)" }, "body.webhookUrl"],
    ["credentials in the webhook URL", { webhookUrl: "https://user:pw@hooks.example/x" }, "body.webhookUrl"],
    ["a pattern with a slash", { queuePattern: "orders/*" }, "body.queuePattern"],
    ["an empty name", { name: "  " }, "body.name"],
    ["an unknown field", { severity: "high" }, "body"],
    ["an unknown format", { webhookFormat: "discord" }, "body.webhookFormat"],
  ])("%s → 400 validation_failed naming %s", async (_, over, path) => {
    const res = await create(valid(over));
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details.issues[0].path).toBe(path);
  });

  it("an unknown account → 404 account_not_found", async () => {
    const res = await create(valid({ account: "nowhere" }));
    expect([res.status, res.json.error.code]).toEqual([404, "account_not_found"]);
  });

  it("an empty webhook URL means none", async () => {
    const res = await create(valid({ webhookUrl: "" }));
    expect(res.status, res.text).toBe(201);
    expect(res.json.webhookUrl).toBeUndefined();
  });

  it.each(["0123456789abcdef", "not-an-id!", "%2e%2e"])(
    "unknown id %s → 404 not_found on update, delete and test",
    async (id) => {
      const answers = [
        await send(putRoute, { method: "PUT", params: { id }, body: valid(), cookie: cookies.admin }),
        await send(deleteRoute, { method: "DELETE", params: { id }, cookie: cookies.admin }),
        await send(testRoute, { method: "POST", params: { id }, cookie: cookies.admin }),
      ];
      for (const a of answers) {
        expect(a.status, a.text).toBe(404);
        expect(a.json.error.code).toBe("not_found");
        expect(a.json.error.message).toMatch(/No alert rule/);
      }
    },
  );
});

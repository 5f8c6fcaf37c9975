import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/accounts/[account]/queues/route";
import { DELETE as deleteRoute, GET as getRoute } from "@/app/api/accounts/[account]/queues/[queue]/route";
import { PUT as metadataRoute } from "@/app/api/accounts/[account]/queues/[queue]/metadata/route";
import {
  GET as getPolicies,
  PUT as putPolicies,
} from "@/app/api/accounts/[account]/queues/[queue]/access-policies/route";
import { POST as sasRoute } from "@/app/api/accounts/[account]/queues/[queue]/sas/route";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { azuriteUrl, call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("mgmt");
const local = (queue?: string) => ({ account: "local", ...(queue ? { queue } : {}) });
const post = (body: unknown) => ({ method: "POST", params: local(), body });
const names = async (p = prefix) =>
  (await emulatorService().listQueues({ prefix: p }).byPage().next()).value.queueItems?.map(
    (q: { name: string }) => q.name,
  ) ?? [];
const hourFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d+Z$/, ".000Z");

beforeAll(() => useEnv({}));

describe("POST /api/accounts/{a}/queues", () => {
  it("creates a queue with metadata, and refuses it a second time", async () => {
    const name = `${prefix}-created`;
    const res = await call(createRoute, post({ name, metadata: { team: "ops" } }));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ name, metadata: { team: "ops" }, approximateMessagesCount: 0 });
    expect((await emulatorService().getQueueClient(name).getProperties()).metadata).toEqual({ team: "ops" });

    for (const metadata of [{ team: "ops" }, { team: "other" }, undefined]) {
      const again = await call(createRoute, post({ name, metadata }));
      expect(again.status, JSON.stringify(metadata)).toBe(409);
      expect(again.json.error.code).toBe("queue_already_exists");
    }
  });

  it.each([
    ["ab", "at least 3"],
    ["a".repeat(64), "at most 63"],
    ["UpperCase", "lowercase"],
    ["under_score", "lowercase"],
    ["-leading", "start with"],
    ["trailing-", "end with"],
    ["double--hyphen", "two hyphens"],
    ["spa ce", "lowercase"],
    ["ünïcode", "lowercase"],
    ["", "at least 3"],
  ])("refuses the name %j (%s) and creates nothing", async (name, message) => {
    const res = await call(createRoute, post({ name: name.length >= 3 ? `${name}` : name }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details.issues.map((i: { message: string }) => i.message).join(" ")).toContain(message);
  });

  it.each([
    [{ "1abc": "x" }, "C# identifier"],
    [{ "has-hyphen": "x" }, "C# identifier"],
    [{ "two words": "x" }, "C# identifier"],
    [{ Team: "a", team: "b" }, "differ only in case"],
    [{ note: "café" }, "printable ASCII"],
    [{ note: "line\nbreak" }, "printable ASCII"],
    [{ note: " padded " }, "spaces"],
    [{ big: "x".repeat(8 * 1024) }, "8 KiB"],
    [{ n: 5 }, "string"],
  ])("refuses metadata %j", async (metadata, message) => {
    const name = `${prefix}-badmeta`;
    const res = await call(createRoute, post({ name, metadata }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(JSON.stringify(res.json.error.details)).toContain(message);
    expect(await names(name)).toEqual([]);
  });

  it("refuses malformed bodies", async () => {
    for (const body of ["not json", "[]", JSON.stringify({ name: `${prefix}-x`, extra: true }), JSON.stringify({})]) {
      const res = await call(createRoute, { method: "POST", params: local(), body });
      expect(res.status, body).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect(await names(`${prefix}-x`)).toEqual([]);
  });
});

describe("GET and DELETE /api/accounts/{a}/queues/{q}", () => {
  it("shows a queue, deletes it, then answers 404", async () => {
    const name = `${prefix}-doomed`;
    await emulatorService()
      .getQueueClient(name)
      .create({ metadata: { a: "1" } });
    await emulatorService().getQueueClient(name).sendMessage("hello");

    const got = await call(getRoute, { params: local(name) });
    expect(got.json).toEqual({ name, metadata: { a: "1" }, approximateMessagesCount: 1 });

    const del = await call(deleteRoute, { method: "DELETE", params: local(name) });
    expect(del.status).toBe(204);
    expect(await names(name)).toEqual([]);

    for (const handler of [getRoute, deleteRoute]) {
      const res = await call(handler, { method: handler === getRoute ? "GET" : "DELETE", params: local(name) });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("queue_not_found");
    }
  });

  it("validates the queue name in the path before calling the service", async () => {
    for (const queue of ["..", "A-B", "x", "a--b", "%2e%2e%2fetc"]) {
      const res = await call(getRoute, { params: local(queue) });
      expect(res.status, queue).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
  });
});

describe("PUT /api/accounts/{a}/queues/{q}/metadata", () => {
  it("replaces the metadata", async () => {
    const name = `${prefix}-meta`;
    await emulatorService()
      .getQueueClient(name)
      .create({ metadata: { old: "1" } });
    const res = await call(metadataRoute, {
      method: "PUT",
      params: local(name),
      body: { metadata: { owner: "ops", Tier: "gold" } },
    });
    expect(res.status).toBe(200);
    expect(res.json.metadata).toEqual({ owner: "ops", tier: "gold" });
    expect((await emulatorService().getQueueClient(name).getProperties()).metadata).toEqual({
      owner: "ops",
      tier: "gold",
    });
  });

  it("refuses invalid names and leaves the metadata as it was", async () => {
    const name = `${prefix}-meta2`;
    await emulatorService()
      .getQueueClient(name)
      .create({ metadata: { keep: "me" } });
    const res = await call(metadataRoute, {
      method: "PUT",
      params: local(name),
      body: { metadata: { ok: "1", "bad-name": "2" } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.issues[0].path).toBe("body.metadata.bad-name");
    expect((await emulatorService().getQueueClient(name).getProperties()).metadata).toEqual({ keep: "me" });
  });

  it("answers 404 for a missing queue", async () => {
    const res = await call(metadataRoute, {
      method: "PUT",
      params: local(`${prefix}-missing`),
      body: { metadata: {} },
    });
    expect(res.json.error.code).toBe("queue_not_found");
  });
});

describe("access policies", () => {
  const name = `${prefix}-acl`;
  beforeAll(() => emulatorService().getQueueClient(name).create());

  it("writes and reads back the whole set, and an empty set clears it", async () => {
    const policies = [
      { id: "readers", start: hourFromNow(-1), expiry: hourFromNow(24), permissions: "pr" },
      { id: "writers", expiry: hourFromNow(2), permissions: "au" },
    ];
    const put = await call(putPolicies, { method: "PUT", params: local(name), body: { policies } });
    expect(put.status).toBe(200);
    const expected = [
      { ...policies[0], permissions: "rp" },
      { ...policies[1], permissions: "au" },
    ];
    expect(put.json.policies).toEqual(expected);
    expect((await call(getPolicies, { params: local(name) })).json.policies).toEqual(expected);

    const cleared = await call(putPolicies, { method: "PUT", params: local(name), body: { policies: [] } });
    expect(cleared.json.policies).toEqual([]);
  });

  it.each([
    [Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, permissions: "r" })), "at most 5"],
    [[{ id: "late", start: hourFromNow(5), expiry: hourFromNow(1), permissions: "r" }], "start must be before"],
    [[{ id: "x", permissions: "rx" }], "Permissions are letters"],
    [[{ id: "x", permissions: "rr" }], "once"],
    [
      [
        { id: "dup", permissions: "r" },
        { id: "dup", permissions: "a" },
      ],
      "used twice",
    ],
    [[{ id: "", permissions: "r" }], "needs an id"],
    [[{ id: "x".repeat(65), permissions: "r" }], "at most 64"],
    [[{ id: "x", start: "yesterday", permissions: "r" }], "ISO 8601"],
  ])("refuses %j and keeps the existing set", async (policies, message) => {
    await call(putPolicies, {
      method: "PUT",
      params: local(name),
      body: { policies: [{ id: "keep", permissions: "r" }] },
    });
    const res = await call(putPolicies, { method: "PUT", params: local(name), body: { policies } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(JSON.stringify(res.json.error.details)).toContain(message);
    expect((await call(getPolicies, { params: local(name) })).json.policies.map((p: { id: string }) => p.id)).toEqual([
      "keep",
    ]);
  });

  it("answers 404 for a missing queue", async () => {
    expect((await call(getPolicies, { params: local(`${prefix}-missing`) })).json.error.code).toBe("queue_not_found");
  });
});

describe("POST /api/accounts/{a}/queues/{q}/sas", () => {
  const name = `${prefix}-sas`;
  beforeAll(async () => {
    const q = emulatorService().getQueueClient(name);
    await q.create();
    await q.sendMessage("visible through the SAS");
  });

  it("signs a URL that really grants exactly the permissions asked for", async () => {
    const res = await call(sasRoute, {
      method: "POST",
      params: local(name),
      body: { permissions: "r", expiresOn: hourFromNow(1) },
    });
    expect(res.status).toBe(200);
    expect(res.json.url).toMatch(/sp=r&/);
    const viaSas = new QueueClient(res.json.url);
    expect((await viaSas.peekMessages()).peekedMessageItems[0]?.messageText).toBe("visible through the SAS");
    await expect(viaSas.sendMessage("nope")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("signs against a stored access policy", async () => {
    await call(putPolicies, {
      method: "PUT",
      params: local(name),
      body: { policies: [{ id: "peek", expiry: hourFromNow(1), permissions: "r" }] },
    });
    const res = await call(sasRoute, { method: "POST", params: local(name), body: { policyId: "peek" } });
    expect(res.status).toBe(200);
    expect(res.json.url).toMatch(/si=peek/);
    expect((await new QueueClient(res.json.url).peekMessages()).peekedMessageItems).toHaveLength(1);

    const unknown = await call(sasRoute, { method: "POST", params: local(name), body: { policyId: "nope" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain("nope");
  });

  it.each([
    [{ permissions: "r" }, "expiry"],
    [{ permissions: "r", expiresOn: "2001-01-01T00:00:00Z" }, "future"],
    [{ permissions: "z", expiresOn: hourFromNow(1) }, "Permissions"],
    [{}, "stored access policy"],
  ])("refuses %j", async (body, message) => {
    const res = await call(sasRoute, { method: "POST", params: local(name), body });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toContain(message);
  });

  it("answers 404 for a missing queue", async () => {
    const res = await call(sasRoute, {
      method: "POST",
      params: local(`${prefix}-missing`),
      body: { permissions: "r", expiresOn: hourFromNow(1) },
    });
    expect(res.json.error.code).toBe("queue_not_found");
  });
});

describe("accounts without a key, and read-only accounts", () => {
  let file: string;
  beforeAll(() => {
    file = path.join(mkdtempSync(path.join(tmpdir(), "qs-ro-")), "accounts.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: "ro",
          name: "Read only",
          accountName: EMULATOR_ACCOUNT_NAME,
          accountKey: EMULATOR_ACCOUNT_KEY,
          queueEndpoint: azuriteUrl(),
          readOnly: true,
        },
        { id: "sas", name: "SAS", accountUrl: azuriteUrl(), sasToken: "sv=2020-01-01&sig=x" },
      ]),
    );
    useEnv({ QUEUESCOPE_ACCOUNTS: file });
  });
  afterAll(() => useEnv({ QUEUESCOPE_ACCOUNTS: undefined }));

  it("refuses every mutation on a read-only account with 403 read_only and changes nothing", async () => {
    const name = `${prefix}-ro`;
    await emulatorService()
      .getQueueClient(name)
      .create({ metadata: { a: "1" } });
    const attempts = [
      call(createRoute, { method: "POST", params: { account: "ro" }, body: { name: `${prefix}-ro2` } }),
      call(deleteRoute, { method: "DELETE", params: { account: "ro", queue: name } }),
      call(metadataRoute, { method: "PUT", params: { account: "ro", queue: name }, body: { metadata: {} } }),
      call(putPolicies, { method: "PUT", params: { account: "ro", queue: name }, body: { policies: [] } }),
      call(sasRoute, {
        method: "POST",
        params: { account: "ro", queue: name },
        body: { permissions: "r", expiresOn: hourFromNow(1) },
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("read_only");
    }
    expect(await names(`${prefix}-ro`)).toEqual([name]);
    expect((await emulatorService().getQueueClient(name).getProperties()).metadata).toEqual({ a: "1" });
    expect((await call(getRoute, { params: { account: "ro", queue: name } })).status).toBe(200);
  });

  it("explains that a SAS cannot be signed without a shared key", async () => {
    const res = await call(sasRoute, {
      method: "POST",
      params: { account: "sas", queue: "anything" },
      body: { permissions: "r", expiresOn: hourFromNow(1) },
    });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "not_available" });
    expect(res.json.error.message).toMatch(/shared key/);
  });
});

describe("GET /api/accounts/{a}/queues?stream=1", () => {
  it("streams every name, then every count, then done", async () => {
    const streamPrefix = uniquePrefix("strm");
    const service = emulatorService();
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const q = service.getQueueClient(`${streamPrefix}-${String(i).padStart(2, "0")}`);
        await q.create();
        for (let m = 0; m < i % 3; m++) await q.sendMessage("m");
      }),
    );
    const res = await call(listRoute, { params: local(), query: { prefix: streamPrefix, stream: "1" } });
    expect(res.status).toBe(200);
    const events = res.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const listed = events
      .filter((e) => e.type === "queues")
      .flatMap((e) => e.queues.map((q: { name: string }) => q.name));
    const counts = Object.assign({}, ...events.filter((e) => e.type === "counts").map((e) => e.counts));
    expect(listed).toHaveLength(30);
    expect(Object.keys(counts).sort()).toEqual(listed.sort());
    listed.forEach((n: string) => expect(counts[n]).toBe(Number(n.slice(-2)) % 3));
    expect(events.at(-1)).toEqual({ type: "done", total: 30 });
  });
});

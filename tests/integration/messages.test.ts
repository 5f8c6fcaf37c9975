import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DELETE as clearRoute,
  GET as peekRoute,
  POST as sendRoute,
} from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { POST as receiveRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/receive/route";
import {
  DELETE as deleteRoute,
  PUT as updateRoute,
} from "@/app/api/accounts/[account]/queues/[queue]/messages/[id]/route";
import { withDecodedText } from "@/lib/messages/decode";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("msg");
let n = 0;
async function freshQueue() {
  const name = `${prefix}-${n++}`;
  await emulatorService().getQueueClient(name).create();
  return { name, client: emulatorService().getQueueClient(name), params: { account: "local", queue: name } };
}
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

beforeAll(() => useEnv({}));

describe("peek decodes what other producers wrote", () => {
  const json = JSON.stringify({ orderId: "ord-42", items: [1, 2], note: "façade" });
  const xml = '<?xml version="1.0"?><order id="42"><total>9.99</total></order>';
  const binary = randomBytes(48);
  const cases: [string, string, Record<string, unknown>][] = [
    ["plain text", "hello from a producer", { encoding: "text", format: "text", text: "hello from a producer" }],
    ["a plain word that is valid base64", "test", { encoding: "text", format: "text", text: "test" }],
    ["base64 JSON (Azure Functions)", b64(json), { encoding: "base64", format: "json", text: json }],
    [
      "base64 text (Python TextBase64EncodePolicy)",
      b64("Grüße aus Python"),
      { encoding: "base64", format: "text", text: "Grüße aus Python" },
    ],
    [
      "base64 of random binary",
      binary.toString("base64"),
      {
        encoding: "base64",
        format: "binary",
        size: 48,
        text: expect.stringContaining(
          binary
            .subarray(0, 4)
            .toString("hex")
            .replace(/(..)(?!$)/g, "$1 "),
        ),
      },
    ],
    [
      "base64 of bytes (Python BinaryBase64EncodePolicy)",
      "AJ+Slv8BAg==",
      { encoding: "base64", format: "binary", size: 7, text: expect.stringContaining("00 9f 92 96 ff 01 02") },
    ],
    ["a word of base64 that is not text", "AAAA", { encoding: "text", format: "text", text: "AAAA" }],
    [
      "unicode",
      "emoji 🚀 and 中文",
      { encoding: "text", format: "text", text: "emoji 🚀 and 中文", size: Buffer.byteLength("emoji 🚀 and 中文") },
    ],
    ["JSON", json, { encoding: "text", format: "json", text: json }],
    ["XML", xml, { encoding: "text", format: "xml", text: xml }],
    [
      "markup stays data",
      '<img src=x onerror="alert(1)">',
      { encoding: "text", text: '<img src=x onerror="alert(1)">' },
    ],
  ];

  it.each(cases)("%s", async (_label, raw, decoded) => {
    const q = await freshQueue();
    await q.client.sendMessage(raw);
    const res = await call(peekRoute, { params: q.params });
    expect(res.status).toBe(200);
    const [m] = res.json.messages;
    expect(m.text).toBe(raw);
    expect(m.size).toBe(Buffer.byteLength(raw));
    const { text, ...summary } = decoded;
    expect(m.decoded).toMatchObject(summary);
    // The browser's hooks fill in the decoded text with the same decoder.
    expect(withDecodedText(m).decoded).toMatchObject({ ...summary, text });
    expect(m.dequeueCount).toBe(0);
  });

  it("sends each message's bytes once: no decoded copy of the text", async () => {
    const q = await freshQueue();
    const body = JSON.stringify({ orderId: "ord-once", payload: "p".repeat(20_000) });
    await q.client.sendMessage(body);
    await q.client.sendMessage(b64(body));
    const res = await call(peekRoute, { params: q.params });
    expect(res.status).toBe(200);
    // The payload appears once per message: once as stored text, once inside the base64.
    expect(res.text.split("p".repeat(20_000)).length - 1).toBe(1);
    expect(res.text.length).toBeLessThan(2 * body.length + b64(body).length);
    for (const m of res.json.messages) expect(m.decoded).not.toHaveProperty("text");
    expect(res.json.messages.map((m: never) => withDecodedText(m).decoded.text)).toEqual([body, body]);
    const received = await call(receiveRoute, {
      method: "POST",
      params: q.params,
      body: { count: 2, visibilityTimeout: 30 },
    });
    expect(received.text.split("p".repeat(20_000)).length - 1).toBe(1);
    for (const m of received.json.messages) expect(m.decoded).not.toHaveProperty("text");
  });

  it("peeks at most 32 and has no side effects", async () => {
    const q = await freshQueue();
    for (let i = 0; i < 35; i++) await q.client.sendMessage(`m${i}`);
    const first = await call(peekRoute, { params: q.params });
    expect(first.json.messages).toHaveLength(32);
    const again = await call(peekRoute, { params: q.params, query: { count: "5" } });
    expect(again.json.messages.map((m: { id: string }) => m.id)).toEqual(
      first.json.messages.slice(0, 5).map((m: { id: string }) => m.id),
    );
    expect(again.json.messages.every((m: { dequeueCount: number }) => m.dequeueCount === 0)).toBe(true);
    expect((await call(peekRoute, { params: q.params, query: { count: "33" } })).status).toBe(400);
  });
});

describe("send", () => {
  it("stores text as given, or base64 of its UTF-8 when asked", async () => {
    const q = await freshQueue();
    expect((await call(sendRoute, { method: "POST", params: q.params, body: { text: "plain €" } })).status).toBe(201);
    expect(
      (await call(sendRoute, { method: "POST", params: q.params, body: { text: '{"a":"é"}', encoding: "base64" } }))
        .status,
    ).toBe(201);
    const peeked = (await q.client.peekMessages({ numberOfMessages: 2 })).peekedMessageItems.map((m) => m.messageText);
    expect(peeked).toEqual(["plain €", b64('{"a":"é"}')]);
  });

  it("sends N copies, a visibility delay and a never-expiring TTL", async () => {
    const q = await freshQueue();
    const res = await call(sendRoute, {
      method: "POST",
      params: q.params,
      body: { text: "copy", count: 7, timeToLive: -1 },
    });
    expect(res.json.sent).toBe(7);
    expect(new Date(res.json.messages[0].expiresOn).getUTCFullYear()).toBe(9999);
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(7);

    await call(sendRoute, {
      method: "POST",
      params: q.params,
      body: { text: "later", visibilityTimeout: 600, timeToLive: 3600 },
    });
    const visible = (await q.client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map(
      (m) => m.messageText,
    );
    expect(visible).not.toContain("later");
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(8);
  });

  it("accepts exactly 64 KiB and refuses one byte more with message_too_large", async () => {
    const q = await freshQueue();
    const ok = await call(sendRoute, { method: "POST", params: q.params, body: { text: "x".repeat(65536) } });
    expect(ok.status).toBe(201);
    for (const body of [
      { text: "x".repeat(65537) },
      { text: "€".repeat(21846) },
      { text: "y".repeat(50000), encoding: "base64" },
    ]) {
      const res = await call(sendRoute, { method: "POST", params: q.params, body });
      expect(res.status).toBe(413);
      expect(res.json.error.code).toBe("message_too_large");
      expect(res.json.error.details.limit).toBe(65536);
    }
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(1);
  });

  it.each([
    [{ text: "x", visibilityTimeout: 60, timeToLive: 60 }, "shorter than the time-to-live"],
    [{ text: "x", visibilityTimeout: 7 * 24 * 3600 + 1 }, "7 days"],
    [{ text: "x", visibilityTimeout: -1 }, "at least 0"],
    [{ text: "x", timeToLive: 0 }, "never expires"],
    [{ text: "x", count: 0 }, "count"],
    [{ text: "x", count: 1001 }, "at most 1000"],
    [{ text: "x", encoding: "hex" }, "encoding"],
    [{ text: 5 }, "text"],
    [{}, "text"],
  ])("refuses %j and sends nothing", async (body, message) => {
    const q = await freshQueue();
    const res = await call(sendRoute, { method: "POST", params: q.params, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(JSON.stringify(res.json.error)).toContain(message);
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(0);
  });

  it("answers 404 for a missing queue", async () => {
    const res = await call(sendRoute, {
      method: "POST",
      params: { account: "local", queue: `${prefix}-missing` },
      body: { text: "x" },
    });
    expect(res.json.error.code).toBe("queue_not_found");
  });
});

describe("receive, update, delete", () => {
  it("edits content and visibility, keeping the pop receipt current", async () => {
    const q = await freshQueue();
    await q.client.sendMessage("v1");
    const received = await call(receiveRoute, {
      method: "POST",
      params: q.params,
      body: { count: 1, visibilityTimeout: 30 },
    });
    const [m] = received.json.messages;
    expect(m).toMatchObject({ text: "v1", dequeueCount: 1 });
    expect(m.popReceipt).toBeTruthy();

    const first = await call(updateRoute, {
      method: "PUT",
      params: { ...q.params, id: m.id },
      body: { popReceipt: m.popReceipt, text: "v2", visibilityTimeout: 0 },
    });
    expect(first.status).toBe(200);
    expect(first.json.popReceipt).not.toBe(m.popReceipt);
    expect((await q.client.peekMessages()).peekedMessageItems[0]?.messageText).toBe("v2");

    const stale = await call(updateRoute, {
      method: "PUT",
      params: { ...q.params, id: m.id },
      body: { popReceipt: m.popReceipt, text: "v3", visibilityTimeout: 0 },
    });
    expect(stale.status).toBe(400);
    expect(stale.json.error.code).toBe("pop_receipt_mismatch");
    expect(stale.json.error.message).toMatch(/receive/i);

    const staleDelete = await call(deleteRoute, {
      method: "DELETE",
      params: { ...q.params, id: m.id },
      query: { popReceipt: m.popReceipt },
    });
    expect(staleDelete.json.error.code).toBe("pop_receipt_mismatch");
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(1);

    const visibilityOnly = await call(updateRoute, {
      method: "PUT",
      params: { ...q.params, id: m.id },
      body: { popReceipt: first.json.popReceipt, visibilityTimeout: 0 },
    });
    expect(visibilityOnly.status).toBe(200);
    expect((await q.client.peekMessages()).peekedMessageItems[0]?.messageText).toBe("v2");

    const del = await call(deleteRoute, {
      method: "DELETE",
      params: { ...q.params, id: m.id },
      query: { popReceipt: visibilityOnly.json.popReceipt },
    });
    expect(del.status).toBe(204);
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(0);
  });

  it("stores an edit as base64 when asked", async () => {
    const q = await freshQueue();
    await q.client.sendMessage(b64("old"));
    const [m] = (
      await call(receiveRoute, { method: "POST", params: q.params, body: { count: 1, visibilityTimeout: 30 } })
    ).json.messages;
    expect(withDecodedText(m).decoded).toMatchObject({ encoding: "base64", text: "old" });
    await call(updateRoute, {
      method: "PUT",
      params: { ...q.params, id: m.id },
      body: { popReceipt: m.popReceipt, text: "new ✓", encoding: "base64", visibilityTimeout: 0 },
    });
    expect((await q.client.peekMessages()).peekedMessageItems[0]?.messageText).toBe(b64("new ✓"));
  });

  it.each([
    [receiveRoute, "POST", {}, { count: 33, visibilityTimeout: 30 }, undefined],
    [receiveRoute, "POST", {}, { count: 1, visibilityTimeout: 0 }, undefined],
    [updateRoute, "PUT", { id: "not an id!" }, { popReceipt: "abc", visibilityTimeout: 0 }, undefined],
    [updateRoute, "PUT", { id: "abc" }, { visibilityTimeout: 0 }, undefined],
    [updateRoute, "PUT", { id: "abc" }, { popReceipt: "abc", visibilityTimeout: 604801 }, undefined],
    [deleteRoute, "DELETE", { id: "abc" }, undefined, {}],
    [deleteRoute, "DELETE", { id: "abc" }, undefined, { popReceipt: "<script>" }],
  ] as const)("refuses malformed input %#", async (handler, method, extra, body, query) => {
    const q = await freshQueue();
    await q.client.sendMessage("keep me");
    const res = await call(handler, { method, params: { ...q.params, ...extra }, body, query });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect((await q.client.peekMessages()).peekedMessageItems[0]).toMatchObject({
      messageText: "keep me",
      dequeueCount: 0,
    });
  });
});

describe("clear", () => {
  it("empties a queue and reports the count it had", async () => {
    const q = await freshQueue();
    for (let i = 0; i < 12; i++) await q.client.sendMessage(`m${i}`);
    const res = await call(clearRoute, { method: "DELETE", params: q.params });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ cleared: true, approximateBefore: 12, attempts: 1 });
    expect((await q.client.getProperties()).approximateMessagesCount).toBe(0);
  });

  it("succeeds on an empty queue", async () => {
    const q = await freshQueue();
    const res = await call(clearRoute, { method: "DELETE", params: q.params });
    expect(res.json).toMatchObject({ cleared: true, approximateBefore: 0 });
  });

  it("answers 404 for a missing queue", async () => {
    expect(
      (await call(clearRoute, { method: "DELETE", params: { account: "local", queue: `${prefix}-missing` } })).json
        .error.code,
    ).toBe("queue_not_found");
  });
});

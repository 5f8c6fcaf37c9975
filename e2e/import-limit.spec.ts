// The bulk import's stated limit (32 MiB, 100,000 messages) is the real one on a running server:
// Next's proxy copies request bodies and cuts the copy at 10 MB, so that route is kept out of it.
import { randomBytes } from "node:crypto";
import { expect, test } from "./support/fixtures";

const MIB = 1024 * 1024;
const queue = `import-limit-${randomBytes(3).toString("hex")}`;
const bulk = `/api/accounts/local/queues/${queue}/messages/bulk`;

/** `count` messages of `size` characters each, as the body the import dialog sends. */
function body(count: number, size: number, last?: string): string {
  const messages = Array.from({ length: count }, (_, i) => `${String(i).padStart(6, "0")}${"x".repeat(size - 6)}`);
  if (last !== undefined) messages[count - 1] = last;
  return JSON.stringify({ messages, encoding: "text" });
}

test.describe("bulk import body limit", () => {
  test.beforeAll(async ({ request }) => {
    expect((await request.post("/api/accounts/local/queues", { data: { name: queue } })).status()).toBe(201);
  });

  test("a body past 10 MB arrives whole: the last of 200 messages is read and refused by name", async ({ request }) => {
    const data = body(200, 60_000, "bad \u0000 text");
    expect(data.length).toBeGreaterThan(11 * MIB);
    const res = await request.post(bulk, { data, headers: { "content-type": "application/json" } });
    const json = await res.json();
    expect(res.status(), JSON.stringify(json).slice(0, 300)).toBe(400);
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.message).toMatch(/^body\.messages\.199: The character at index 4 \(U\+0000\)/);
  });

  test("200 messages in 12 MB are all sent, exactly", async ({ request }) => {
    const data = body(200, 60_000);
    const res = await request.post(bulk, { data, headers: { "content-type": "application/json" } });
    expect(res.status(), (await res.text()).slice(0, 300)).toBe(202);
    const { job } = await res.json();
    await expect
      .poll(async () => (await (await request.get(`/api/jobs/${job.id}`)).json()).state, { timeout: 60_000 })
      .toBe("succeeded");
    const detail = await (await request.get(`/api/accounts/local/queues/${queue}`)).json();
    expect(detail.approximateMessagesCount).toBe(200);
    const peeked = await (await request.get(`/api/accounts/local/queues/${queue}/messages?count=1`)).json();
    expect(peeked.messages[0].text).toBe(JSON.parse(data).messages[0]);
  });

  test("past 32 MiB the route refuses with 413 payload_too_large", async ({ request }) => {
    const res = await request.post(bulk, { data: body(560, 60_000), headers: { "content-type": "application/json" } });
    expect(res.status()).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });
});

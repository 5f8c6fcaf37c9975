// Every API route found on disk (app/api/**/route.ts, each exported method), called with hostile
// path parameters, byte order marks, control characters and raw bytes. Whatever the input, the
// answer is never a 5xx, every refusal carries the error envelope, and storage is unchanged.
// A route added later is walked without editing this file.
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJobs } from "@/lib/jobs/runner";
import { apiHandlers, type ApiHandler } from "../support/auth";
import { emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("hostroutes");
const QUEUE = `${prefix}-a`; // exists, with messages and metadata: any change to it shows
const MISSING = `${prefix}-missing`; // body inputs go here, so a route that ignores its body changes nothing
const JOB = "00000000-0000-0000-0000-000000000000";
const MESSAGE_ID = "00000000-0000-0000-0000-000000000001";
const VALID: Record<string, string> = { account: "local", queue: QUEUE, id: JOB };

interface Input {
  category: "malformed path" | "byte order mark" | "control character" | "raw bytes";
  label: string;
  params?: Record<string, string>;
  query?: string;
  body?: string | Uint8Array;
}

const MALFORMED = ["%ZZ", "%", "abc%E0%A4%A", "%C3%28", "%%41", "%FF", "q%2", "%00", "%2e%2e%2f", "..%2F..%2Fetc"];
const CONTROL = [
  ...Array.from({ length: 0x20 }, (_, c) => c).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)),
  0xfffe,
  0xffff,
].map((c) => String.fromCharCode(c));
const BOM = "\uFEFF";
const RAW_BODIES: [string, Uint8Array][] = [
  ["0xFF 0xFE", Uint8Array.from([0xff, 0xfe, 0x7b, 0x7d])],
  ["a lone continuation byte in a string", Uint8Array.from([...Buffer.from('{"text":"a'), 0x80, ...Buffer.from('"}')])],
  ["an overlong NUL in a string", Uint8Array.from([...Buffer.from('{"text":"a'), 0xc0, 0x80, ...Buffer.from('"}')])],
  [
    "an encoded surrogate in a string",
    Uint8Array.from([...Buffer.from('{"text":"a'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]),
  ],
  ["a raw NUL between tokens", Uint8Array.from([...Buffer.from('{"text":'), 0x00, ...Buffer.from('"a"}')])],
  ["UTF-16LE JSON", Buffer.from('{"text":"a"}', "utf16le")],
  [
    "a truncated 4-byte sequence",
    Uint8Array.from([...Buffer.from('{"text":"'), 0xf0, 0x9f, 0x98, ...Buffer.from('"}')]),
  ],
];
const RAW_PARAMS = ["\u0000", "\uD800", "\u00FF\u00FE", "a\r\nSet-Cookie: x=1", "\uFFFF", "local\u0000"];

/** A body shaped for every route at once: each field a route reads, holding `text`. */
const everyField = (text: string) =>
  JSON.stringify({
    text,
    messages: ["fine", text],
    name: `${prefix}-new`,
    metadata: { note: text },
    popReceipt: "AgAAAAMAAAAAAAAA",
    visibilityTimeout: 0,
    to: MISSING,
    transform: { kind: "replace", find: "a", replace: text },
    username: text,
    password: text,
  });

function inputsFor(h: ApiHandler): Input[] {
  const valid = Object.fromEntries(h.params.map((p) => [p, VALID[p] ?? "x"]));
  const atMissing = {
    ...valid,
    ...(h.params.includes("queue") ? { queue: MISSING } : {}),
    ...(h.params.includes("id") ? { id: h.path.includes("/messages/") ? MESSAGE_ID : JOB } : {}),
  };
  const inputs: Input[] = [];
  for (const p of h.params) {
    for (const bad of MALFORMED)
      inputs.push({ category: "malformed path", label: `${p}=${bad}`, params: { ...valid, [p]: bad } });
    inputs.push({ category: "byte order mark", label: `${p} with a BOM`, params: { ...valid, [p]: BOM + valid[p] } });
    for (const raw of RAW_PARAMS)
      inputs.push({ category: "raw bytes", label: `${p}=${JSON.stringify(raw)}`, params: { ...valid, [p]: raw } });
    for (const ch of CONTROL.slice(0, 4))
      inputs.push({
        category: "control character",
        label: `${p} with U+${ch.charCodeAt(0).toString(16)}`,
        params: { ...valid, [p]: `${valid[p]}${ch}` },
      });
  }
  inputs.push({
    category: "byte order mark",
    label: "a BOM before a JSON body",
    params: atMissing,
    body: BOM + everyField("x"),
  });
  inputs.push({ category: "byte order mark", label: "a BOM-only body", params: atMissing, body: BOM });
  inputs.push({
    category: "byte order mark",
    label: "a BOM in the text",
    params: atMissing,
    body: everyField(`${BOM}x`),
  });
  inputs.push({
    category: "byte order mark",
    label: "a BOM before a query key",
    params: atMissing,
    query: `${encodeURIComponent(BOM)}count=1`,
  });
  for (const ch of CONTROL) {
    const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    inputs.push({
      category: "control character",
      label: `${code} in every body field`,
      params: atMissing,
      body: everyField(`ok${ch}`),
    });
  }
  inputs.push({
    category: "control character",
    label: "raw control bytes in the JSON text",
    params: atMissing,
    body: `{"text":"a\u0001b"}`,
  });
  inputs.push({
    category: "control character",
    label: "a control character in a query value",
    params: atMissing,
    query: "count=1%01",
  });
  for (const [label, bytes] of RAW_BODIES)
    inputs.push({ category: "raw bytes", label, params: atMissing, body: bytes });
  inputs.push({
    category: "raw bytes",
    label: "raw bytes in the query",
    params: atMissing,
    query: "count=%FF%FE&prefix=%C0%80",
  });
  return inputs;
}

async function call(h: ApiHandler, input: Input): Promise<{ status: number; text: string; code?: string }> {
  const url = `http://127.0.0.1:3000/api/test${input.query ? `?${input.query}` : ""}`;
  const headers = {
    host: "127.0.0.1:3000",
    ...(input.body === undefined ? {} : { "content-type": "application/json" }),
  };
  const hasBody = input.body !== undefined && !["GET", "HEAD"].includes(h.method);
  const req = new NextRequest(url, { method: h.method, headers, body: hasBody ? (input.body as BodyInit) : undefined });
  const res = await h.handler(req, { params: Promise.resolve(input.params ?? {}) });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, text, code };
}

/** Everything a hostile call could have changed: this file's queues, the account's service settings, the jobs. */
async function snapshot() {
  const service = emulatorService();
  const queues: Record<string, unknown> = {};
  for await (const item of service.listQueues({ prefix, includeMetadata: true })) {
    const client = service.getQueueClient(item.name);
    const peeked = await client.peekMessages({ numberOfMessages: 32 });
    queues[item.name] = {
      metadata: item.metadata,
      messages: peeked.peekedMessageItems.map((m) => [m.messageId, m.messageText, m.dequeueCount]),
      acl: (await client.getAccessPolicy()).signedIdentifiers,
    };
  }
  const { cors, queueAnalyticsLogging } = await service.getProperties();
  return { queues, cors, queueAnalyticsLogging, jobs: (await listJobs()).map((j) => j.id) };
}

const handlers = await apiHandlers();
const cases = handlers.flatMap((h) => inputsFor(h).map((input) => ({ h, input })));
const categories = [...new Set(cases.map((c) => c.input.category))];
const tally = Object.fromEntries(categories.map((c) => [c, cases.filter((x) => x.input.category === c).length]));

describe(`hostile inputs on every route found on disk (${handlers.length} handlers, ${cases.length} requests: ${JSON.stringify(tally)})`, () => {
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    useEnv({
      QUEUESCOPE_USERS_FILE: path.join("/nonexistent", "users.json"),
      QUEUESCOPE_SESSION_SECRET: undefined,
      QUEUESCOPE_PROXY_USER_HEADER: undefined,
      QUEUESCOPE_READ_ONLY: undefined,
      QUEUESCOPE_OIDC_ISSUER: undefined,
    });
    const q = emulatorService().getQueueClient(QUEUE);
    await q.create({ metadata: { owner: "team" } });
    for (const text of ["first", '{"n":1}']) await q.sendMessage(text);
    before = await snapshot();
  });

  afterAll(() => useEnv({}));

  it("found the routes that take path parameters and bodies", () => {
    const keys = handlers.map((h) => `${h.method} ${h.path}`);
    expect(keys).toContain("POST /api/accounts/[account]/queues/[queue]/messages");
    expect(keys).toContain("DELETE /api/jobs/[id]");
    expect(handlers.length).toBeGreaterThanOrEqual(30);
  });

  it.each(categories.map((c) => [c, tally[c]] as const))(
    "%s: %i requests, no 5xx, every refusal in the envelope",
    async (category) => {
      const serverErrors: string[] = [];
      for (const { h, input } of cases.filter((c) => c.input.category === category)) {
        const res = await call(h, input);
        const where = `${h.method} ${h.path} with ${input.label}: ${res.status} ${res.text.slice(0, 160)}`;
        if (res.status >= 500) serverErrors.push(where);
        else if (res.status >= 400) expect(res.code, where).toMatch(/^[a-z_]+$/);
      }
      expect(serverErrors).toEqual([]);
    },
  );

  it("refuses control characters in message text on send, update, import and move, naming the index", async () => {
    const byKey = new Map(handlers.map((h) => [`${h.method} ${h.path}`, h]));
    const at = { account: "local", queue: MISSING };
    const writes: [string, Record<string, string>, (t: string) => object, string][] = [
      ["POST /api/accounts/[account]/queues/[queue]/messages", at, (text) => ({ text }), "body.text"],
      [
        "PUT /api/accounts/[account]/queues/[queue]/messages/[id]",
        { ...at, id: MESSAGE_ID },
        (text) => ({ popReceipt: "AgAAAAMAAAAAAAAA", text, visibilityTimeout: 0 }),
        "body.text",
      ],
      [
        "POST /api/accounts/[account]/queues/[queue]/messages/bulk",
        at,
        (text) => ({ messages: ["fine", text] }),
        "body.messages.1",
      ],
      [
        "POST /api/accounts/[account]/queues/[queue]/move",
        at,
        (text) => ({ to: QUEUE, transform: { kind: "replace", find: "a", replace: text } }),
        "body.transform.replace",
      ],
    ];
    for (const [key, params, body, where] of writes) {
      for (const ch of CONTROL) {
        const res = await call(byKey.get(key)!, {
          category: "control character",
          label: "",
          params,
          body: JSON.stringify(body(`abc${ch}`)),
        });
        expect({ status: res.status, code: res.code }, `${key}: ${res.text.slice(0, 200)}`).toEqual({
          status: 400,
          code: "validation_failed",
        });
        expect(res.text).toContain(`${where}: The character at index 3`);
      }
    }
  });

  it("changed nothing in storage and started no job", async () => {
    expect(await snapshot()).toEqual(before);
  });
});

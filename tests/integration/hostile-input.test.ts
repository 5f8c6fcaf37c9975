// Malformed and malicious requests against every route family: each must be refused with a 4xx
// and a stable error code (never a 500), and none may change anything in storage.
import { createHmac } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as queuesRoute from "@/app/api/accounts/[account]/queues/route";
import * as queueRoute from "@/app/api/accounts/[account]/queues/[queue]/route";
import * as policiesRoute from "@/app/api/accounts/[account]/queues/[queue]/access-policies/route";
import * as exportRoute from "@/app/api/accounts/[account]/queues/[queue]/export/route";
import * as messagesRoute from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import * as messageRoute from "@/app/api/accounts/[account]/queues/[queue]/messages/[id]/route";
import * as bulkRoute from "@/app/api/accounts/[account]/queues/[queue]/messages/bulk/route";
import * as receiveRoute from "@/app/api/accounts/[account]/queues/[queue]/messages/receive/route";
import * as metadataRoute from "@/app/api/accounts/[account]/queues/[queue]/metadata/route";
import * as moveRoute from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import * as sasRoute from "@/app/api/accounts/[account]/queues/[queue]/sas/route";
import * as propertiesRoute from "@/app/api/accounts/[account]/service/properties/route";
import * as auditRoute from "@/app/api/audit/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as jobRoute from "@/app/api/jobs/[id]/route";
import * as downloadRoute from "@/app/api/jobs/[id]/download/route";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/error-codes";
import { passwordStamp, putLocalUser } from "@/lib/auth/users";
import type { UserRecord } from "@/lib/config/auth";
import { listJobs } from "@/lib/jobs/runner";
import { hashPassword } from "@/lib/security/password";
// Aliased: the React hooks lint rule takes any use* call for a hook.
import { emulatorService, uniquePrefix, useEnv as applyEnv } from "../support/api";
import { freshStatePrefix } from "../support/auth";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Mode = "local" | "sign-in" | "proxy" | "read-only";
type Lazy<T> = T | (() => T);

interface HostileCase {
  name: string;
  handler: Handler;
  method: string;
  params?: Lazy<Record<string, string>>;
  /** Raw query string (repeated keys and odd encodings kept as written). */
  query?: string;
  /** An object is sent as JSON; a string is sent as written; a function gives a chunked stream. */
  body?: unknown;
  headers?: Lazy<Record<string, string>>;
  mode?: Mode;
  /** The error code the answer must carry, or "4xx": any client error with a code, never a 5xx. */
  expect: ErrorCode | "4xx";
}

const prefix = uniquePrefix("hostile");
const QA = `${prefix}-a`; // messages, metadata and a stored access policy
const QB = `${prefix}-b`; // empty, no metadata
const MISSING = `${prefix}-missing`;
const at = (queue: string, account = "local") => ({ account, queue });
const seeded = { messageId: "" };
const atMessage = (id?: string) => () => ({ ...at(QA), id: id ?? seeded.messageId });

const SECRET = "hostile-input-test-session-secret-0123456789";
// Sign-in mode reads its users from state-store tables of its own; the other modes from empty ones.
const USERS_PREFIX = freshStatePrefix();
const NO_USERS_PREFIX = freshStatePrefix();
const users: UserRecord[] = [];

function cookie(claims: Record<string, unknown>, opts: { purpose?: string; key?: string } = {}): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const sig = createHmac("sha256", opts.key ?? SECRET)
    .update(`${opts.purpose ?? "session"}.${payload}`)
    .digest("base64url");
  return `qs_session=${payload}.${sig}`;
}
const now = () => Math.floor(Date.now() / 1000);
/** The stamp of the user's current password hash, which a valid local session carries. */
function stampOf(sub: string): string | undefined {
  const user = users.find((u) => u.username === sub);
  return user ? passwordStamp(user) : undefined;
}
const claimsOf = (sub: string, role: string, exp = now() + 3600) => ({
  sid: `sid-${sub}`,
  sub,
  name: sub,
  role,
  via: "password",
  pwd: stampOf(sub),
  iat: now(),
  exp,
});
const admin = () => ({ cookie: cookie(claimsOf("alice", "admin")) });
const viewer = () => ({ cookie: cookie(claimsOf("victor", "viewer")) });

const rule = (over: Record<string, unknown> = {}) => ({
  allowedOrigins: ["https://ops.example.com"],
  allowedMethods: ["GET"],
  allowedHeaders: [],
  exposedHeaders: [],
  maxAgeInSeconds: 60,
  ...over,
});
const policy = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  permissions: "r",
  expiry: "2031-01-01T00:00:00Z",
  ...over,
});
const big = (bytes: number) => JSON.stringify({ text: "x".repeat(bytes) });
function chunked(total: number): () => ReadableStream<Uint8Array> {
  return () => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        const chunk = new Uint8Array(64 * 1024).fill(0x20);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
  };
}
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

const queueNameCases: [string, string][] = [
  ["encoded traversal", "..%2F..%2Fetc"],
  ["plain traversal", "../../etc"],
  ["a slash", "a/b"],
  ["an encoded NUL", "abc%00"],
  ["a raw NUL", "abc\u0000"],
  ["uppercase", "UPPERCASE"],
  ["64 characters", "q".repeat(64)],
  ["2 characters", "ab"],
  ["a double hyphen", "ab--cd"],
  ["a leading hyphen", "-abc"],
  ["a Cyrillic homoglyph", "\u0430bc-queue"],
  ["a script tag", "<script>alert(1)</script>"],
  ["an encoded script tag", "%3Cscript%3E"],
  ["an encoded trailing space", `${QA}%20`],
  ["__proto__", "__proto__"],
  ["a lone percent sign", "abc%"],
  ["a truncated escape", "abc%E0%A4%A"],
];

const cases: HostileCase[] = [
  // Path parameters: queue names, account ids, message and job ids.
  ...queueNameCases.map(([label, queue]): HostileCase => ({
    name: `queue name with ${label}`,
    handler: queueRoute.GET,
    method: "GET",
    params: at(queue),
    expect: "validation_failed",
  })),
  {
    name: "delete a queue named with encoded traversal",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at("..%2F" + QA),
    expect: "validation_failed",
  },
  {
    name: "queue named constructor (valid, absent)",
    handler: queueRoute.GET,
    method: "GET",
    params: at("constructor"),
    expect: "queue_not_found",
  },
  {
    name: "delete a queue that does not exist",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(MISSING),
    expect: "queue_not_found",
  },
  ...["../../etc", "__proto__", "constructor", "toString", "local%2F..%2F", "LOCAL", "", "local\u0000"].map(
    (account): HostileCase => ({
      name: `account id ${JSON.stringify(account)}`,
      handler: queuesRoute.GET,
      method: "GET",
      params: { account },
      expect: "account_not_found",
    }),
  ),
  {
    name: "clear on account __proto__",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA, "__proto__"),
    expect: "account_not_found",
  },
  ...["../x", "a b", "m".repeat(129), "<img src=x>", "%2E%2E"].map((id): HostileCase => ({
    name: `message id ${JSON.stringify(id.slice(0, 20))}`,
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: { ...at(QA), id },
    query: "popReceipt=AgAAAAMAAAAAAAAA",
    expect: "validation_failed",
  })),
  ...["../../etc/passwd", "__proto__", "00000000-0000-0000-0000-000000000000"].map((id): HostileCase => ({
    name: `job id ${JSON.stringify(id)}`,
    handler: jobRoute.GET,
    method: "GET",
    params: { id },
    expect: "job_not_found",
  })),
  {
    name: "cancel a job that does not exist",
    handler: jobRoute.DELETE,
    method: "DELETE",
    params: { id: "11111111-1111-1111-1111-111111111111" },
    expect: "job_not_found",
  },
  {
    name: "download a job named by traversal",
    handler: downloadRoute.GET,
    method: "GET",
    params: { id: "../../../etc/passwd" },
    expect: "job_not_found",
  },

  // Pop receipts on delete and update, against a real message.
  {
    name: "delete without a pop receipt",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    expect: "validation_failed",
  },
  {
    name: "delete with an empty pop receipt",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: "popReceipt=",
    expect: "validation_failed",
  },
  {
    name: "delete with a script-tag pop receipt",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: "popReceipt=%3Cscript%3E",
    expect: "validation_failed",
  },
  {
    name: "delete with a 1025-character pop receipt",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: `popReceipt=${"A".repeat(1025)}`,
    expect: "validation_failed",
  },
  {
    name: "delete with a garbage pop receipt",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: "popReceipt=AgAAAAMAAAAAAAAA",
    expect: "4xx",
  },
  {
    name: "delete with a repeated pop receipt (last is bad)",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: "popReceipt=AgAAAAMAAAAAAAAA&popReceipt=%3Cx%3E",
    expect: "validation_failed",
  },
  {
    name: "delete with an extra query key",
    handler: messageRoute.DELETE,
    method: "DELETE",
    params: atMessage(),
    query: "popReceipt=AgAAAAMAAAAAAAAA&force=1",
    expect: "validation_failed",
  },
  {
    name: "update without a pop receipt",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { text: "hijack", visibilityTimeout: 0 },
    expect: "validation_failed",
  },
  {
    name: "update with a garbage pop receipt",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", text: "hijack", visibilityTimeout: 0 },
    expect: "4xx",
  },
  {
    name: "update an unknown message id",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage("00000000-0000-0000-0000-000000000000"),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", visibilityTimeout: 0 },
    expect: "4xx",
  },
  {
    name: "update with 65 KiB of text",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", text: "x".repeat(65 * 1024 + 1), visibilityTimeout: 0 },
    expect: "message_too_large",
  },
  {
    name: "update with a negative visibility timeout",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", visibilityTimeout: -1 },
    expect: "validation_failed",
  },
  {
    name: "update with a huge visibility timeout",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", visibilityTimeout: 1e12 },
    expect: "validation_failed",
  },
  {
    name: "update with a string visibility timeout",
    handler: messageRoute.PUT,
    method: "PUT",
    params: atMessage(),
    body: { popReceipt: "AgAAAAMAAAAAAAAA", visibilityTimeout: "0" },
    expect: "validation_failed",
  },

  // Query strings.
  ...[
    "count=0",
    "count=33",
    "count=abc",
    "count=1e400",
    "count=1.5",
    "count=-1",
    "count=1&count=99",
    "count=5&evil=1",
    "count=%00",
    "count=Infinity",
  ].map((query): HostileCase => ({
    name: `peek with ${query}`,
    handler: messagesRoute.GET,
    method: "GET",
    params: at(QA),
    query,
    expect: "validation_failed",
  })),
  ...[
    "prefix=..%2F",
    "prefix=%3Cscript%3E",
    "pageSize=0",
    "pageSize=99999",
    "counts=yes",
    `cursor=${"x".repeat(3000)}`,
    "counts=1&counts=maybe",
  ].map((query): HostileCase => ({
    name: `list queues with ${query.slice(0, 30)}`,
    handler: queuesRoute.GET,
    method: "GET",
    params: { account: "local" },
    query,
    expect: "validation_failed",
  })),
  {
    name: "clear with job=maybe",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    query: "job=maybe",
    expect: "validation_failed",
  },
  {
    name: "clear with a repeated job flag (last is bad)",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    query: "job=1&job=x",
    expect: "validation_failed",
  },
  {
    name: "clear with an unknown query key",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    query: "force=1",
    expect: "validation_failed",
  },
  ...[
    "limit=0",
    "limit=1e309",
    "cursor=-1",
    "from=yesterday",
    "outcome=maybe",
    `user=${"u".repeat(201)}`,
    "where=1",
  ].map((query): HostileCase => ({
    name: `audit with ${query.slice(0, 30)}`,
    handler: auditRoute.GET,
    method: "GET",
    query,
    expect: "validation_failed",
  })),

  // JSON bodies on send.
  ...(
    [
      ["not JSON", "{text: 'x'}"],
      ["a JSON array", "[]"],
      ["JSON null", "null"],
      ["a JSON string", '"text"'],
      ["a JSON number", "42"],
      ["__proto__ pollution", '{"text":"x","__proto__":{"polluted":"yes"}}'],
      ["constructor.prototype pollution", '{"text":"x","constructor":{"prototype":{"polluted":"yes"}}}'],
      ["a duplicate key whose last value is wrong", '{"text":"ok","text":5}'],
      ["deeply nested arrays", `{"text":${nested(100_000)}}`],
      ["NaN", '{"text":"x","count":NaN}'],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `send ${label}`,
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  ...(
    [
      ["text as a number", { text: 5 }],
      ["count as a string", { text: "x", count: "5" }],
      ["a negative count", { text: "x", count: -1 }],
      ["a huge count", { text: "x", count: 1e9 }],
      ["a float count", { text: "x", count: 1.5 }],
      ["a negative visibility delay", { text: "x", visibilityTimeout: -5 }],
      ["a visibility delay of 1e21", { text: "x", visibilityTimeout: 1e21 }],
      ["a visibility delay as a string", { text: "x", visibilityTimeout: "10" }],
      ["a zero TTL", { text: "x", timeToLive: 0 }],
      ["a TTL of -2", { text: "x", timeToLive: -2 }],
      ["a float TTL", { text: "x", timeToLive: 1.5 }],
      ["a TTL beyond safe integers", { text: "x", timeToLive: 2 ** 60 }],
      ["encoding BASE64", { text: "x", encoding: "BASE64" }],
      ["encoding with a trailing space", { text: "x", encoding: "base64 " }],
      ["encoding null", { text: "x", encoding: null }],
      ["encoding as an array", { text: "x", encoding: ["base64"] }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `send ${label}`,
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  {
    name: "send 65 KiB + 1 of text",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: { text: "x".repeat(65 * 1024 + 1) },
    expect: "message_too_large",
  },
  {
    name: "send multibyte text over 64 KiB",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: { text: "€".repeat(21846) },
    expect: "message_too_large",
  },
  {
    name: "send 50 KB as base64 (over 64 KiB encoded)",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: { text: "y".repeat(50_000), encoding: "base64" },
    expect: "message_too_large",
  },
  {
    name: "send a body over 1 MiB with Content-Length",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: big(1024 * 1024 + 10),
    headers: { "content-length": String(1024 * 1024 + 22) },
    expect: "payload_too_large",
  },
  {
    name: "send a body over 1 MiB without Content-Length",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: big(1024 * 1024 + 10),
    expect: "payload_too_large",
  },
  {
    name: "send a chunked body over 1 MiB",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: chunked(2 * 1024 * 1024),
    expect: "payload_too_large",
  },
  {
    name: "send a small body claiming 1 GB",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: '{"text":"x"}',
    headers: { "content-length": "1000000000" },
    expect: "payload_too_large",
  },

  // Receive.
  ...(
    [
      ["count 0", { count: 0, visibilityTimeout: 30 }],
      ["count 33", { count: 33, visibilityTimeout: 30 }],
      ["count as a string", { count: "5", visibilityTimeout: 30 }],
      ["visibility 0", { count: 1, visibilityTimeout: 0 }],
      ["no visibility timeout", { count: 1 }],
      ["an array body", [{ count: 1, visibilityTimeout: 30 }]],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `receive with ${label}`,
    handler: receiveRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  {
    name: "receive from a queue that does not exist",
    handler: receiveRoute.POST,
    method: "POST",
    params: at(MISSING),
    body: { count: 1, visibilityTimeout: 30 },
    expect: "queue_not_found",
  },

  // Bulk send.
  ...(
    [
      ["no messages", { messages: [] }],
      ["10,000 messages, one of them a number", { messages: [...Array.from({ length: 9_999 }, (_, i) => `m${i}`), 5] }],
      ["100,001 messages", { messages: Array.from({ length: 100_001 }, () => "m") }],
      ["messages as a string", { messages: "m1,m2" }],
      ["encoding hex", { messages: ["m"], encoding: "hex" }],
      ["a zero TTL", { messages: ["m"], timeToLive: 0 }],
      ["a 1e9 visibility delay", { messages: ["m"], visibilityTimeout: 1e9 }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `bulk send with ${label}`,
    handler: bulkRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  {
    name: "bulk send 10,000 messages to a queue that does not exist",
    handler: bulkRoute.POST,
    method: "POST",
    params: at(MISSING),
    body: { messages: Array.from({ length: 10_000 }, (_, i) => `m${i}`) },
    expect: "queue_not_found",
  },
  {
    name: "bulk send claiming 64 MiB",
    handler: bulkRoute.POST,
    method: "POST",
    params: at(QA),
    body: '{"messages":["m"]}',
    headers: { "content-length": String(64 * 1024 * 1024) },
    expect: "payload_too_large",
  },

  // Metadata.
  ...(
    [
      ["a name starting with a digit", { "1abc": "x" }],
      ["a hyphenated name", { "a-b": "x" }],
      ["names that differ only in case", { Key: "a", key: "b" }],
      ["a CRLF header injection in a value", { note: "x\r\nSet-Cookie: qs_session=evil" }],
      ["a value with surrounding spaces", { note: " padded " }],
      ["a non-ASCII value", { note: "façade" }],
      ["a 9 KiB value", { note: "v".repeat(9 * 1024) }],
      ["2,000 keys (over 8 KiB in all)", Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, "vvvv"]))],
      ["an object value under __proto__", JSON.parse('{"__proto__":{"polluted":"yes"}}')],
      ["a __proto__ key with a string value", JSON.parse('{"owner":"team","__proto__":"x"}')],
      ["an array", ["owner", "team"]],
      ["null", null],
    ] as const
  ).map(([label, metadata]): HostileCase => ({
    name: `metadata with ${label}`,
    handler: metadataRoute.PUT,
    method: "PUT",
    params: at(QA),
    body: { metadata },
    expect: "validation_failed",
  })),
  {
    name: "metadata with an extra top-level key",
    handler: metadataRoute.PUT,
    method: "PUT",
    params: at(QA),
    body: { metadata: {}, evil: 1 },
    expect: "validation_failed",
  },

  // Queue creation (all under this file's prefix, so the snapshot would show one that got through).
  ...(
    [
      ["a traversal name", { name: "../x" }],
      ["a 2-character name", { name: "ab" }],
      ["an uppercase name", { name: `${prefix}-UP` }],
      ["no name", {}],
      ["a __proto__ key", JSON.parse(`{"name":"${prefix}-proto","__proto__":{"polluted":"yes"}}`)],
      ["invalid metadata", { name: `${prefix}-meta`, metadata: { "bad name": "x" } }],
      ["a numeric name", { name: 12345 }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `create a queue with ${label}`,
    handler: queuesRoute.POST,
    method: "POST",
    params: { account: "local" },
    body,
    expect: "validation_failed",
  })),

  // Stored access policies.
  ...(
    [
      ["6 policies", { policies: ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => policy(id)) }],
      ["month 13", { policies: [policy("p1", { expiry: "2030-13-01T00:00:00Z" })] }],
      ["a date without a time", { policies: [policy("p1", { expiry: "2030-01-01" })] }],
      [
        "a start after the expiry",
        { policies: [policy("p1", { start: "2032-01-01T00:00:00Z", expiry: "2031-01-01T00:00:00Z" })] },
      ],
      ["permission letters rwdl", { policies: [policy("p1", { permissions: "rwdl" })] }],
      ["a repeated permission letter", { policies: [policy("p1", { permissions: "rr" })] }],
      ["duplicate ids", { policies: [policy("p1"), policy("p1")] }],
      ["a 65-character id", { policies: [policy("i".repeat(65))] }],
      ["an empty id", { policies: [policy("")] }],
      ["policies null", { policies: null }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `access policies with ${label}`,
    handler: policiesRoute.PUT,
    method: "PUT",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),

  // SAS.
  ...(
    [
      ["an expiry in the past", { permissions: "r", expiresOn: "2001-01-01T00:00:00Z" }],
      ["an expiry in year 10000", { permissions: "r", expiresOn: "10000-01-01T00:00:00Z" }],
      ["an expiry that is not a date", { permissions: "r", expiresOn: "tomorrow" }],
      ["permission x", { permissions: "rx", expiresOn: "2031-01-01T00:00:00Z" }],
      ["nothing", {}],
      ["a stored policy that does not exist", { policyId: "nope" }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `SAS with ${label}`,
    handler: sasRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  {
    name: "SAS for a queue that does not exist",
    handler: sasRoute.POST,
    method: "POST",
    params: at(MISSING),
    body: { permissions: "r", expiresOn: "2031-01-01T00:00:00Z" },
    expect: "queue_not_found",
  },

  // Move and export.
  ...(
    [
      ["a traversal target", { to: "../x" }],
      ["itself as the target", { to: QA }],
      ["max 0", { to: QB, max: 0 }],
      ["rate 0", { to: QB, ratePerSecond: 0 }],
      ["an invalid JSON path", { to: QB, transform: { kind: "json-set", path: "a..b", value: 1 } }],
      ["an unknown transform", { to: QB, transform: { kind: "eval", code: "process.exit(1)" } }],
      [
        "a selected message with a bad id",
        { to: QB, messages: [{ id: "../x", popReceipt: "AgAAAAMAAAAAAAAA", text: "x" }] },
      ],
      [
        "5,001 selected messages",
        {
          to: QB,
          messages: Array.from({ length: 5001 }, (_, i) => ({
            id: `m${i}`,
            popReceipt: "AgAAAAMAAAAAAAAA",
            text: "x",
          })),
        },
      ],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `move with ${label}`,
    handler: moveRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),
  {
    name: "move with a __proto__ JSON path",
    handler: moveRoute.POST,
    method: "POST",
    params: at(QA),
    body: { to: MISSING, transform: { kind: "json-set", path: "__proto__.polluted", value: "yes" } },
    expect: "validation_failed",
  },
  {
    name: "move with a deeply nested transform value",
    handler: moveRoute.POST,
    method: "POST",
    params: at(QA),
    body: `{"to":"${MISSING}","transform":{"kind":"json-set","path":"a","value":${nested(100_000)}}}`,
    expect: "4xx",
  },
  ...(
    [
      ["a 1 s visibility timeout", { visibilityTimeout: 1 }],
      ["max 0", { max: 0 }],
      ["an unknown key", { destination: "/etc/passwd" }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `export with ${label}`,
    handler: exportRoute.POST,
    method: "POST",
    params: at(QA),
    body,
    expect: "validation_failed",
  })),

  // Service properties (validated before anything is read or written).
  ...(
    [
      ["6 CORS rules", { cors: Array.from({ length: 6 }, () => rule()) }],
      ["a javascript: origin", { cors: [rule({ allowedOrigins: ["javascript:alert(1)"] })] }],
      ["an origin with a path", { cors: [rule({ allowedOrigins: ["https://ops.example.com/evil"] })] }],
      ["a comma-joined origin list", { cors: [rule({ allowedOrigins: ["https://a.example,https://b.example"] })] }],
      ["method PATCH", { cors: [rule({ allowedMethods: ["PATCH"] })] }],
      ["a negative max age", { cors: [rule({ maxAgeInSeconds: -1 })] }],
      ["a header with a space", { cors: [rule({ allowedHeaders: ["x evil"] })] }],
      ["3 prefixed headers", { cors: [rule({ allowedHeaders: ["a*", "b*", "c*"] })] }],
      [
        "CORS over 2 KiB",
        {
          cors: Array.from({ length: 5 }, (_, i) =>
            rule({ allowedHeaders: [`h${i}${"x".repeat(250)}`, `g${i}${"x".repeat(250)}`] }),
          ),
        },
      ],
      ["cors as an object", { cors: { allowedOrigins: ["*"] } }],
      ["a zero log retention", { logging: { read: true, write: true, delete: true, retentionDays: 0 } }],
      ["APIs without metrics", { hourMetrics: { enabled: false, includeApis: true, retentionDays: null } }],
      ["a 200-character version", { version: "v".repeat(200) }],
    ] as const
  ).map(([label, body]): HostileCase => ({
    name: `service properties with ${label}`,
    handler: propertiesRoute.PUT,
    method: "PUT",
    params: { account: "local" },
    body,
    expect: "validation_failed",
  })),
  {
    name: "service properties with a stale version",
    handler: propertiesRoute.PUT,
    method: "PUT",
    params: { account: "local" },
    body: { version: "0000000000000000", cors: [rule({ allowedOrigins: ["*"] })] },
    expect: "properties_changed",
  },

  // Cross-site requests and sign-in (local mode has no password sign-in).
  {
    name: "cross-origin queue delete",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers: { origin: "https://evil.example" },
    expect: "forbidden",
  },
  {
    name: "cross-site clear (Sec-Fetch-Site)",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers: { "sec-fetch-site": "cross-site" },
    expect: "forbidden",
  },
  {
    name: "cross-origin metadata write from origin null",
    handler: metadataRoute.PUT,
    method: "PUT",
    params: at(QA),
    body: { metadata: {} },
    headers: { origin: "null" },
    expect: "forbidden",
  },
  {
    name: "cross-origin send with a look-alike host",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: { text: "x" },
    headers: { origin: "http://127.0.0.1:3000.evil.example" },
    expect: "forbidden",
  },
  {
    name: "password sign-in where none is configured",
    handler: signInRoute.POST,
    method: "POST",
    body: { username: "admin", password: "admin" },
    expect: "not_found",
  },

  // Sign-in mode: forged, expired and borrowed session cookies; hostile sign-in bodies.
  ...(
    [
      ["no cookie", () => ({})],
      ["a garbage cookie", () => ({ cookie: "qs_session=garbage" })],
      [
        "a cookie signed with another key",
        () => ({ cookie: cookie(claimsOf("alice", "admin"), { key: "x".repeat(40) }) }),
      ],
      [
        "a state cookie passed as a session",
        () => ({ cookie: cookie(claimsOf("alice", "admin"), { purpose: "oidc-state" }) }),
      ],
      ["an expired session", () => ({ cookie: cookie(claimsOf("alice", "admin", now() - 5)) })],
      ["a session for a user not in the users file", () => ({ cookie: cookie(claimsOf("mallory", "admin")) })],
      [
        "a viewer session edited to say admin",
        () => ({
          cookie: viewer().cookie.replace(
            /=([^.]+)\./,
            `=${Buffer.from(JSON.stringify(claimsOf("victor", "admin"))).toString("base64url")}.`,
          ),
        }),
      ],
      ["a session with an extra dot segment", () => ({ cookie: `${admin().cookie}.extra` })],
      ["a 5,000-character cookie", () => ({ cookie: `qs_session=${"A".repeat(5000)}` })],
      ["a garbage cookie before a valid one", () => ({ cookie: `qs_session=garbage; ${admin().cookie}` })],
      [
        "an unsigned alg-none style token",
        () => ({
          cookie: `qs_session=${Buffer.from(JSON.stringify(claimsOf("alice", "admin"))).toString("base64url")}.`,
        }),
      ],
    ] as const
  )
    // Sent as a browser sends a mutation, with its Origin: what is refused is the cookie itself.
    .map(([label, headers]): HostileCase => ({
      name: `sign-in mode: delete a queue with ${label}`,
      mode: "sign-in",
      handler: queueRoute.DELETE,
      method: "DELETE",
      params: at(QA),
      headers: () => ({ origin: "http://127.0.0.1:3000", ...headers() }),
      expect: "unauthorized",
    })),
  {
    name: "sign-in mode: an admin session without Origin or Sec-Fetch-Site",
    mode: "sign-in",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers: () => ({ ...admin() }),
    expect: "forbidden",
  },
  {
    name: "sign-in mode: a viewer deletes a queue",
    mode: "sign-in",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers: viewer,
    expect: "forbidden",
  },
  {
    name: "sign-in mode: a viewer receives messages",
    mode: "sign-in",
    handler: receiveRoute.POST,
    method: "POST",
    params: at(QA),
    body: { count: 32, visibilityTimeout: 600 },
    headers: viewer,
    expect: "forbidden",
  },
  {
    name: "sign-in mode: a viewer reads the audit log",
    mode: "sign-in",
    handler: auditRoute.GET,
    method: "GET",
    headers: viewer,
    expect: "forbidden",
  },
  {
    name: "sign-in mode: an admin session used cross-origin",
    mode: "sign-in",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers: () => ({ ...admin(), origin: "https://evil.example" }),
    expect: "forbidden",
  },
  ...(
    [
      ["not JSON", "username=alice&password=x", "validation_failed"],
      ["a JSON array", "[]", "validation_failed"],
      ["an operator object as the name", { username: { $ne: null }, password: "x" }, "validation_failed"],
      ["an extra role key", { username: "alice", password: "x", role: "admin" }, "validation_failed"],
      ["a __proto__ key", '{"username":"alice","password":"x","__proto__":{"isAdmin":true}}', "validation_failed"],
      ["a 65-character name", { username: "a".repeat(65), password: "x" }, "validation_failed"],
      [
        "a 5,000-character body",
        JSON.stringify({ username: "alice", password: "p".repeat(5000) }),
        "payload_too_large",
      ],
      ["a wrong password", { username: "alice", password: "not the password" }, "unauthorized"],
      ["SQL in the name", { username: "alice' OR '1'='1", password: "x" }, "unauthorized"],
    ] as const
  ).map(([label, body, code]): HostileCase => ({
    name: `sign-in mode: sign in with ${label}`,
    mode: "sign-in",
    handler: signInRoute.POST,
    method: "POST",
    body,
    expect: code,
  })),
  {
    name: "sign-in mode: the right password from another origin",
    mode: "sign-in",
    handler: signInRoute.POST,
    method: "POST",
    body: { username: "alice", password: "correct horse battery" },
    headers: { origin: "https://evil.example" },
    expect: "forbidden",
  },

  // Trusted-header mode.
  ...(
    [
      ["no user header", {}, "unauthorized"],
      ["a user with no role", { "x-remote-user": "eve" }, "forbidden"],
      ["the admin's name in other case", { "x-remote-user": "BOSS" }, "forbidden"],
      ["a 300-character user", { "x-remote-user": "b".repeat(300) }, "unauthorized"],
      ["the admin, cross-site", { "x-remote-user": "boss", "sec-fetch-site": "cross-site" }, "forbidden"],
    ] as const
  ).map(([label, headers, code]): HostileCase => ({
    name: `proxy mode: delete a queue with ${label}`,
    mode: "proxy",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    headers,
    expect: code,
  })),

  // Global read-only.
  {
    name: "read-only: delete a queue",
    mode: "read-only",
    handler: queueRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    expect: "read_only",
  },
  {
    name: "read-only: send a message",
    mode: "read-only",
    handler: messagesRoute.POST,
    method: "POST",
    params: at(QA),
    body: { text: "x" },
    expect: "read_only",
  },
  {
    name: "read-only: replace metadata",
    mode: "read-only",
    handler: metadataRoute.PUT,
    method: "PUT",
    params: at(QA),
    body: { metadata: {} },
    expect: "read_only",
  },
  {
    name: "read-only: clear a queue",
    mode: "read-only",
    handler: messagesRoute.DELETE,
    method: "DELETE",
    params: at(QA),
    expect: "read_only",
  },
];

const MODES: Record<Mode, Record<string, string | undefined>> = {
  local: {
    QUEUESCOPE_STATE_PREFIX: NO_USERS_PREFIX,
    QUEUESCOPE_SESSION_SECRET: undefined,
    QUEUESCOPE_PROXY_USER_HEADER: undefined,
    QUEUESCOPE_PROXY_ROLES: undefined,
    QUEUESCOPE_READ_ONLY: undefined,
  },
  "sign-in": {
    QUEUESCOPE_STATE_PREFIX: USERS_PREFIX,
    QUEUESCOPE_SESSION_SECRET: SECRET,
    QUEUESCOPE_PROXY_USER_HEADER: undefined,
    QUEUESCOPE_PROXY_ROLES: undefined,
    QUEUESCOPE_READ_ONLY: undefined,
  },
  proxy: {
    QUEUESCOPE_STATE_PREFIX: NO_USERS_PREFIX,
    QUEUESCOPE_SESSION_SECRET: undefined,
    QUEUESCOPE_PROXY_USER_HEADER: "X-Remote-User",
    QUEUESCOPE_PROXY_ROLES: '{"admin":["boss"]}',
    QUEUESCOPE_READ_ONLY: undefined,
  },
  "read-only": {
    QUEUESCOPE_STATE_PREFIX: NO_USERS_PREFIX,
    QUEUESCOPE_SESSION_SECRET: undefined,
    QUEUESCOPE_PROXY_USER_HEADER: undefined,
    QUEUESCOPE_PROXY_ROLES: undefined,
    QUEUESCOPE_READ_ONLY: "1",
  },
};
let mode: Mode | undefined;
function enter(next: Mode): void {
  if (mode === next) return;
  applyEnv(MODES[next]);
  mode = next;
}

const lazy = <T>(v: Lazy<T> | undefined): T | undefined => (typeof v === "function" ? (v as () => T)() : v);

async function send(
  c: HostileCase,
): Promise<{ status: number; json: { error?: { code?: string } } | undefined; text: string }> {
  let body: BodyInit | undefined;
  if (typeof c.body === "function") body = (c.body as () => ReadableStream<Uint8Array>)();
  else if (typeof c.body === "string") body = c.body;
  else if (c.body !== undefined) body = JSON.stringify(c.body);
  const init = {
    method: c.method,
    headers: {
      host: "127.0.0.1:3000",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...lazy(c.headers),
    },
    body,
    duplex: "half",
  };
  const req = new NextRequest(
    `http://127.0.0.1:3000/api/test${c.query ? `?${c.query}` : ""}`,
    init as ConstructorParameters<typeof NextRequest>[1],
  );
  const res = await c.handler(req, { params: Promise.resolve(lazy(c.params) ?? {}) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Everything a hostile request could have changed in this file's queues and jobs. */
async function snapshot() {
  const service = emulatorService();
  const queues: Record<string, unknown> = {};
  for await (const item of service.listQueues({ prefix, includeMetadata: true })) {
    const client = service.getQueueClient(item.name);
    const props = await client.getProperties();
    const peeked = await client.peekMessages({ numberOfMessages: 32 });
    const acl = await client.getAccessPolicy();
    queues[item.name] = {
      metadata: props.metadata ?? {},
      count: props.approximateMessagesCount,
      messages: peeked.peekedMessageItems.map((m) => ({
        id: m.messageId,
        text: m.messageText,
        dequeueCount: m.dequeueCount,
        expiresOn: m.expiresOn.toISOString(),
      })),
      policies: acl.signedIdentifiers.map((s) => ({
        id: s.id,
        permissions: s.accessPolicy?.permissions,
        expiresOn: s.accessPolicy?.expiresOn?.toISOString(),
      })),
    };
  }
  return { queues, jobs: (await listJobs()).map((j) => j.id) };
}

console.log(`hostile-input: ${cases.length} cases`);

describe(`hostile input (${cases.length} cases)`, () => {
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    users.push(
      { username: "alice", role: "admin", passwordHash: await hashPassword("correct horse battery") },
      { username: "victor", role: "viewer", passwordHash: await hashPassword("correct horse battery") },
    );
    enter("sign-in");
    for (const u of users) await putLocalUser(u);
    enter("local");
    const service = emulatorService();
    const a = service.getQueueClient(QA);
    await a.create({ metadata: { owner: "team", env: "test" } });
    await service.getQueueClient(QB).create();
    for (const text of ["first", '{"order":42}', "<b>third</b>"]) await a.sendMessage(text);
    await a.setAccessPolicy([
      { id: "p1", accessPolicy: { permissions: "r", expiresOn: new Date("2031-01-01T00:00:00Z") } },
    ]);
    seeded.messageId = (await a.peekMessages()).peekedMessageItems[0]!.messageId;
    before = await snapshot();
    expect(Object.keys(before.queues).sort()).toEqual([QA, QB]);
  });

  afterAll(() => {
    enter("local");
  });

  it("has at least 50 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    enter(c.mode ?? "local");
    const res = await send(c);
    const code = res.json?.error?.code;
    if (c.expect === "4xx") {
      expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
      expect(code).toMatch(/^[a-z_]+$/);
    } else {
      expect({ status: res.status, code }, res.text.slice(0, 300)).toEqual({
        status: ERROR_STATUS[c.expect],
        code: c.expect,
      });
    }
  });

  it("changed nothing in storage and started no job", async () => {
    expect(await snapshot()).toEqual(before);
  });

  it("polluted no prototype", () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

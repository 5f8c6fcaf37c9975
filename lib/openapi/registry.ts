// Every API route, with the zod schemas its handler parses with. The OpenAPI document is generated
// from this list, and tests/integration/openapi.test.ts fails when a route file under app/api has
// no entry here (or an entry has no route, or names another role than the handler's).
// Adding a route: one `op(...)` line with its method, path (as the folder names it), role,
// summary, and the schemas and error codes it uses.
import type { ZodType } from "zod";
import type { ErrorCode } from "@/lib/api/error-codes";
import type { Role } from "@/lib/validation/auth";
import { alertRuleIdSchema, alertRuleInputSchema } from "@/lib/validation/alerts";
import { auditQuerySchema } from "@/lib/validation/audit";
import { historyQuerySchema } from "@/lib/validation/metrics";
import { signInSchema } from "@/lib/validation/auth";
import { accountIdSchema, queueNameSchema } from "@/lib/validation/common";
import { bulkSendSchema, exportRequestSchema, moveRequestSchema, purgeRequestSchema } from "@/lib/validation/jobs";
import {
  clearQuerySchema,
  deleteMessageQuerySchema,
  messageIdSchema,
  peekQuerySchema,
  receiveSchema,
  sendMessageSchema,
  updateMessageSchema,
} from "@/lib/validation/messages";
import {
  accessPoliciesSchema,
  createQueueSchema,
  listQueuesQuerySchema,
  sasRequestSchema,
  updateMetadataSchema,
} from "@/lib/validation/queues";
import { servicePropertiesSchema, updateServicePropertiesSchema } from "@/lib/validation/service";
import {
  createdTokenSchema,
  createTokenSchema,
  tokenDtoSchema,
  tokenIdSchema,
  tokenListSchema,
} from "@/lib/validation/tokens";
import { z } from "@/lib/validation/zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiOperation {
  method: HttpMethod;
  /** As the folder under app/ names it: `/api/accounts/[account]/queues`. */
  path: string;
  /** The least role the handler declares; "public" for the sign-in routes. */
  role: Role | "public";
  summary: string;
  description?: string;
  tag: string;
  /** Path parameters other than account and queue (which every route shares). */
  params?: Record<string, ZodType>;
  query?: ZodType;
  body?: ZodType;
  ok: { status: number; description: string; schema?: ZodType; contentType?: string };
  /** Mirrors the handler's spec: changes only Queuescope's own records, so read-only mode allows it. */
  ownStateOnly?: boolean;
  /** The codes this route answers beyond the ones every route of its kind can (see document.ts). */
  errors?: ErrorCode[];
}

// Not parsed by a shared schema in the handlers: the same patterns they check.
const jobId = z
  .string()
  .regex(/^[0-9a-f-]{36}$/)
  .describe("A job id (UUID).");
const oidcStartQuery = z.strictObject({
  next: z.string().optional().describe("Where to go after signing in (a path of this app)."),
});

const Q = "/api/accounts/[account]/queues/[queue]";
const JOB_STARTED = { status: 202, description: "The job started; poll GET /api/jobs/{id} for its progress." };

function op(
  method: HttpMethod,
  path: string,
  role: ApiOperation["role"],
  summary: string,
  rest: Omit<ApiOperation, "method" | "path" | "role" | "summary">,
): ApiOperation {
  return { method, path, role, summary, ...rest };
}

export const API_OPERATIONS: ApiOperation[] = [
  op("GET", "/api/health", "viewer", "Reachability of every account", {
    tag: "Accounts",
    ok: { status: 200, description: "`{status, accounts:[{id, reachable, latencyMs}]}`" },
  }),
  op("GET", "/api/accounts", "viewer", "List the configured storage accounts", {
    tag: "Accounts",
    ok: { status: 200, description: "`{accounts:[{id, name, kind, queueEndpoint, readOnly}]}`" },
  }),

  op("GET", "/api/accounts/[account]/queues", "viewer", "List queues", {
    tag: "Queues",
    description:
      "A page of queues; `counts=1` adds approximate message counts, `stream=1` answers NDJSON events (pages of names, then counts).",
    query: listQueuesQuerySchema,
    ok: { status: 200, description: "`{queues:[{name, metadata, approximateMessagesCount?}], nextCursor}`" },
  }),
  op("POST", "/api/accounts/[account]/queues", "admin", "Create a queue", {
    tag: "Queues",
    body: createQueueSchema,
    ok: { status: 201, description: "The new queue." },
    errors: ["queue_already_exists", "queue_being_deleted"],
  }),
  op("GET", Q, "viewer", "A queue's metadata and approximate count", {
    tag: "Queues",
    ok: { status: 200, description: "`{name, metadata, approximateMessagesCount}`" },
    errors: ["queue_not_found"],
  }),
  op("DELETE", Q, "admin", "Delete a queue", {
    tag: "Queues",
    ok: { status: 204, description: "Deleted." },
    errors: ["queue_not_found", "job_conflict"],
  }),
  op("PUT", `${Q}/metadata`, "admin", "Replace a queue's metadata", {
    tag: "Queues",
    body: updateMetadataSchema,
    ok: { status: 200, description: "The queue with its new metadata." },
    errors: ["queue_not_found"],
  }),
  op("GET", `${Q}/access-policies`, "viewer", "A queue's stored access policies", {
    tag: "Queues",
    ok: { status: 200, description: "The policies.", schema: accessPoliciesSchema },
    errors: ["queue_not_found"],
  }),
  op("PUT", `${Q}/access-policies`, "admin", "Replace a queue's stored access policies", {
    tag: "Queues",
    body: accessPoliciesSchema,
    ok: { status: 200, description: "The policies as stored.", schema: accessPoliciesSchema },
    errors: ["queue_not_found"],
  }),
  op("POST", `${Q}/sas`, "admin", "Make a SAS URL for a queue", {
    tag: "Queues",
    body: sasRequestSchema,
    ok: { status: 200, description: "`{url}`: a credential, shown once, never logged." },
    errors: ["queue_not_found"],
  }),

  op("GET", `${Q}/messages`, "viewer", "Peek at messages (does not change them)", {
    tag: "Messages",
    query: peekQuerySchema,
    ok: {
      status: 200,
      description: "`{messages:[{id, insertedOn, expiresOn, dequeueCount, text, size, decoded:{encoding, format}}]}`",
    },
    errors: ["queue_not_found"],
  }),
  op("POST", `${Q}/messages`, "operator", "Send a message (or count copies)", {
    tag: "Messages",
    body: sendMessageSchema,
    ok: { status: 201, description: "`{sent, size}`" },
    errors: ["queue_not_found", "message_too_large"],
  }),
  op("DELETE", `${Q}/messages`, "operator", "Clear a queue", {
    tag: "Messages",
    description: "Answers once the queue is empty; with `job=1` clears in the background as a job (202).",
    query: clearQuerySchema,
    ok: { status: 200, description: "`{cleared, approximateBefore}`; 202 `{job}` with `job=1`." },
    errors: ["queue_not_found", "job_conflict"],
  }),
  op("POST", `${Q}/messages/receive`, "operator", "Receive messages (hides them, raises their dequeue count)", {
    tag: "Messages",
    body: receiveSchema,
    ok: { status: 200, description: "Messages with `popReceipt` and `nextVisibleOn`." },
    errors: ["queue_not_found"],
  }),
  op(
    "POST",
    `${Q}/messages/purge`,
    "operator",
    "Delete the messages that match `where`, scanning the whole queue as a job",
    {
      tag: "Messages",
      description:
        "Each message is received once (hidden while the scan runs) and non-matches are released when the whole queue was seen. `dryRun: true` only counts matches (it still receives to look).",
      body: purgeRequestSchema,
      ok: JOB_STARTED,
      errors: ["queue_not_found", "job_conflict"],
    },
  ),
  op("POST", `${Q}/messages/bulk`, "operator", "Send many messages as a job", {
    tag: "Messages",
    body: bulkSendSchema,
    ok: JOB_STARTED,
    errors: ["queue_not_found", "job_conflict"],
  }),
  op("PUT", `${Q}/messages/[id]`, "operator", "Update a received message's text or visibility", {
    tag: "Messages",
    params: { id: messageIdSchema },
    body: updateMessageSchema,
    ok: { status: 200, description: "`{popReceipt, nextVisibleOn}`" },
    errors: ["queue_not_found", "message_not_found", "pop_receipt_mismatch", "message_too_large"],
  }),
  op("DELETE", `${Q}/messages/[id]`, "operator", "Delete a received message", {
    tag: "Messages",
    params: { id: messageIdSchema },
    query: deleteMessageQuerySchema,
    ok: { status: 204, description: "Deleted." },
    errors: ["queue_not_found", "message_not_found", "pop_receipt_mismatch"],
  }),
  op("POST", `${Q}/move`, "operator", "Move (redrive) messages to another queue", {
    tag: "Jobs",
    body: moveRequestSchema,
    ok: JOB_STARTED,
    errors: ["queue_not_found", "job_conflict"],
  }),
  op("POST", `${Q}/export`, "operator", "Export messages to NDJSON as a job", {
    tag: "Jobs",
    body: exportRequestSchema,
    ok: JOB_STARTED,
    errors: ["queue_not_found", "job_conflict"],
  }),

  op(
    "GET",
    "/api/accounts/[account]/service/properties",
    "viewer",
    "The queue service's CORS, logging and metrics settings",
    {
      tag: "Service",
      ok: { status: 200, description: "The settings and their `version`.", schema: servicePropertiesSchema },
    },
  ),
  op("PUT", "/api/accounts/[account]/service/properties", "admin", "Change the sections given", {
    tag: "Service",
    body: updateServicePropertiesSchema,
    ok: { status: 200, description: "The settings as stored.", schema: servicePropertiesSchema },
    errors: ["properties_changed"],
  }),
  op("GET", "/api/accounts/[account]/service/stats", "viewer", "Geo-replication status", {
    tag: "Service",
    ok: { status: 200, description: "`{geoReplication:{status, lastSyncOn}}`" },
    errors: ["not_available"],
  }),

  op("GET", "/api/jobs", "viewer", "List jobs", {
    tag: "Jobs",
    ok: { status: 200, description: "`{jobs:[…]}`, the same from every instance." },
  }),
  op("GET", "/api/jobs/[id]", "viewer", "A job's progress", {
    tag: "Jobs",
    params: { id: jobId },
    ok: { status: 200, description: "`{id, kind, state, source, target, total, processed, failed, error}`" },
    errors: ["job_not_found"],
  }),
  op("DELETE", "/api/jobs/[id]", "operator", "Cancel a job", {
    tag: "Jobs",
    params: { id: jobId },
    ok: { status: 200, description: "The job, cancelling." },
    errors: ["job_not_found"],
  }),
  op("GET", "/api/jobs/[id]/download", "viewer", "Download a finished export", {
    tag: "Jobs",
    params: { id: jobId },
    ok: { status: 200, description: "One message a line.", contentType: "application/x-ndjson" },
    errors: ["job_not_found", "not_found"],
  }),

  op("GET", "/api/audit", "admin", "Read the audit log, newest first", {
    tag: "Audit",
    query: auditQuerySchema,
    ok: { status: 200, description: "`{entries:[…], nextCursor}`" },
  }),

  op("GET", `${Q}/history`, "viewer", "A queue's sampled depth and oldest-message age over a range, with job markers", {
    tag: "Metrics",
    query: historyQuerySchema,
    ok: {
      status: 200,
      description:
        "`{intervalSeconds, samples:[{at, count, oldestAgeSeconds}], jobs:[{id, kind, state, startedAt, finishedAt}], latest}`; `oldestAgeSeconds` is null when the queue was empty; `latest` is the queue in the latest round (`{count, sampledAt, intervalSeconds, previousCount, oldestAgeSeconds, netPerMinute, growing, stalled, drainEtaSeconds}`) or null.",
    },
    errors: ["queue_not_found"],
  }),
  op("GET", "/api/accounts/[account]/history", "viewer", "The account's total sampled depth over a range", {
    tag: "Metrics",
    query: historyQuerySchema,
    ok: { status: 200, description: "`{intervalSeconds, samples:[{at, count}]}`" },
  }),
  op(
    "GET",
    "/api/accounts/[account]/snapshot",
    "viewer",
    "The latest sampling round, with 24 h sparklines (no queue-service call)",
    {
      tag: "Metrics",
      ok: {
        status: 200,
        description:
          "`{sampledAt, sampled, reason?, intervalSeconds, sparkStart, sparkSeconds, stallMinutes, queues:[{name, count, previousCount, oldestAgeSeconds, netPerMinute, growing, stalled, drainEtaSeconds, spark}]}`",
      },
    },
  ),
  op("GET", "/api/accounts/[account]/sampling", "viewer", "What sampling this account costs in storage transactions", {
    tag: "Metrics",
    ok: {
      status: 200,
      description:
        "`{sampled, intervalSeconds, sampledAt, perRound, perDay, roundsPerDay, stateStore:{perRound, perDay, leaseSeconds, leaseRenewalsPerDay, followerCallsPerDay, followSeconds}}`",
    },
  }),
  op(
    "GET",
    "/api/overview",
    "viewer",
    "Every account at a glance: total depth, growing, oldest, poison, stalled, alerts firing",
    {
      tag: "Metrics",
      ok: {
        status: 200,
        description:
          "`{accounts:[{id, name, sampled, sampledAt, total, topGrowing, oldest, poisonNotEmpty, stalled, alertsFiring, error?}]}`",
      },
    },
  ),
  op(
    "GET",
    "/api/metrics",
    "viewer",
    "Prometheus text exposition (viewer role, or `Authorization: Bearer $QUEUESCOPE_METRICS_TOKEN`)",
    { tag: "Metrics", ok: { status: 200, description: "Text exposition format 0.0.4.", contentType: "text/plain" } },
  ),

  op("GET", "/api/alerts", "viewer", "Alerts firing now, recent transitions and failing webhooks", {
    tag: "Alerts",
    ok: { status: 200, description: "`{firing:[…], recent:[…], deliveryProblems:[…]}`; webhook URLs by origin only." },
  }),
  op("GET", "/api/alerts/rules", "admin", "List alert rules (with their webhook URLs)", {
    tag: "Alerts",
    ok: {
      status: 200,
      description:
        "`{rules:[{id, name, account, queuePattern, condition, threshold, forSeconds, webhookUrl?, webhookFormat, enabled, deliveries}]}`",
    },
  }),
  op("POST", "/api/alerts/rules", "admin", "Create an alert rule", {
    tag: "Alerts",
    body: alertRuleInputSchema,
    ok: { status: 201, description: "The rule." },
  }),
  op("PUT", "/api/alerts/rules/[id]", "admin", "Replace an alert rule", {
    tag: "Alerts",
    params: { id: alertRuleIdSchema },
    body: alertRuleInputSchema,
    ok: { status: 200, description: "The rule." },
    errors: ["not_found", "properties_changed"],
  }),
  op("DELETE", "/api/alerts/rules/[id]", "admin", "Delete an alert rule", {
    tag: "Alerts",
    params: { id: alertRuleIdSchema },
    ok: { status: 204, description: "Deleted." },
    errors: ["not_found"],
  }),
  op("POST", "/api/alerts/rules/[id]/test", "admin", "Send a test payload to the rule's webhook", {
    tag: "Alerts",
    params: { id: alertRuleIdSchema },
    ok: { status: 200, description: "`{ok, status, error, durationMs, target}`: what the receiver answered." },
    errors: ["not_found"],
  }),

  op("GET", "/api/tokens", "viewer", "List API tokens (admins: all; others: their own)", {
    tag: "Tokens",
    ok: { status: 200, description: "Never the secrets.", schema: tokenListSchema },
  }),
  op("POST", "/api/tokens", "viewer", "Create an API token for yourself", {
    tag: "Tokens",
    ownStateOnly: true,
    description:
      "The role is at most your own, and the token never acts above the role you hold later. Only a signed-in person may create one (not a token). The secret is in this answer only.",
    body: createTokenSchema,
    ok: { status: 201, description: "The token, shown once.", schema: createdTokenSchema },
  }),
  op("DELETE", "/api/tokens/[id]", "viewer", "Revoke an API token (admins: any; others: their own)", {
    tag: "Tokens",
    ownStateOnly: true,
    params: { id: tokenIdSchema },
    ok: { status: 200, description: "The revoked token.", schema: tokenDtoSchema },
    errors: ["not_found"],
  }),

  op("GET", "/api/auth/me", "public", "Who is signed in, and how sign-in works here", {
    tag: "Sign-in",
    ok: { status: 200, description: "`{user, mode, readOnly, signIn, signOutUrl}`" },
  }),
  op("POST", "/api/auth/sign-in", "public", "Sign in with a local user's password", {
    tag: "Sign-in",
    body: signInSchema,
    ok: { status: 200, description: "`{user}`, with the session cookie." },
    errors: ["not_found", "unauthorized", "rate_limited"],
  }),
  op("POST", "/api/auth/sign-out", "public", "Sign out (revokes the session on every instance)", {
    tag: "Sign-in",
    ok: { status: 200, description: "`{redirect}`" },
  }),
  op("GET", "/api/auth/oidc/start", "public", "Start a Microsoft Entra ID sign-in", {
    tag: "Sign-in",
    query: oidcStartQuery,
    ok: { status: 302, description: "To the identity provider." },
    errors: ["not_found"],
  }),
  op("GET", "/api/auth/oidc/callback", "public", "Where the identity provider sends the browser back", {
    tag: "Sign-in",
    ok: { status: 302, description: "Into the app, or to the sign-in page with an error code." },
  }),

  op("GET", "/api/openapi.json", "viewer", "This document", {
    tag: "Reference",
    ok: { status: 200, description: "OpenAPI 3.1." },
  }),
  op("GET", "/api/docs", "viewer", "The API reference page", {
    tag: "Reference",
    ok: { status: 200, description: "HTML.", contentType: "text/html" },
  }),
  op("GET", "/api/docs/redoc.js", "viewer", "The reference page's renderer (Redoc), served from this origin", {
    tag: "Reference",
    ok: { status: 200, description: "JavaScript.", contentType: "text/javascript" },
  }),
];

/** The schemas of the path parameters every route shares. */
export const SHARED_PARAMS: Record<string, ZodType> = { account: accountIdSchema, queue: queueNameSchema };

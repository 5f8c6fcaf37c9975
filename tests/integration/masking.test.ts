import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as exportRoute } from "@/app/api/accounts/[account]/queues/[queue]/export/route";
import { POST as receiveRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/receive/route";
import { GET as peekRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { PUT as updateRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/[id]/route";
import { POST as purgeRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/purge/route";
import { GET as accountsRoute } from "@/app/api/accounts/route";
import { GET as downloadRoute } from "@/app/api/jobs/[id]/download/route";
import { GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { GET as jobsRoute } from "@/app/api/jobs/route";
import { jobSettled } from "@/lib/jobs/runner";
import { MASKED } from "@/lib/messages/mask";
import { emulatorConnectionString, emulatorService, uniquePrefix } from "../support/api";
import { configureSignIn, send, sessionFor, tempDir, USERS, writeUsers, type Answer } from "../support/auth";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const EMAIL = "ann.secret@example.com";
const CARD = "4111-2222-3333-4444";
const SSN = "123-45-6789";
const SECRETS = [EMAIL, CARD, SSN];
const doc = { orderId: "o-1", customer: { email: EMAIL, name: "Ann" }, card: { number: CARD }, note: `ssn ${SSN}` };
const MESSAGES = [
  b64(JSON.stringify(doc)),
  JSON.stringify(doc),
  `plain text with ssn ${SSN} inside`,
  b64(`text base64 with ${SSN}`),
  "nothing secret",
];

/** Every place a secret could hide in an answer: as given, and inside any base64 run decoded. */
function leaks(text: string): string[] {
  const views = [
    text,
    ...(text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []).map((run) => Buffer.from(run, "base64").toString("utf8")),
  ];
  return SECRETS.filter((s) => views.some((v) => v.includes(s)));
}

const prefix = uniquePrefix("mask");
let queue: string;
const cookies: Record<string, string> = {};
const params = (account: string, name = queue) => ({ account, queue: name });

async function queueOfSecrets(label: string): Promise<string> {
  const q = emulatorService().getQueueClient(`${prefix}-${label}`);
  await q.create();
  for (const m of MESSAGES) await q.sendMessage(m);
  return q.name;
}
const as = (role: keyof typeof USERS) => ({ cookie: cookies[role] });

async function settledJob(res: Answer, role: keyof typeof USERS) {
  expect(res.status).toBe(202);
  await jobSettled(res.json.job.id);
  return (await send(jobRoute, { params: { id: res.json.job.id }, ...as(role) })).json;
}

beforeAll(async () => {
  const dir = tempDir("mask");
  const file = path.join(dir, "accounts.json");
  const common = {
    connectionString: emulatorConnectionString(),
    mask: ["$.customer.email", "$.card"],
    maskRegex: ["\\d{3}-\\d{2}-\\d{4}"],
  };
  writeFileSync(
    file,
    JSON.stringify([
      { id: "masked", name: "Masked", ...common },
      { id: "maskall", name: "Masked for all", ...common, maskForAll: true },
    ]),
  );
  await configureSignIn("mask", { env: { QUEUESCOPE_ACCOUNTS: file } });
  for (const role of ["viewer", "operator", "admin"] as const) cookies[role] = await sessionFor(USERS[role]);
  queue = await queueOfSecrets("q");
});

describe("masking", () => {
  it("a viewer's peek never carries a masked value; the rest of the message is as stored", async () => {
    const res = await send(peekRoute, { params: params("masked"), ...as("viewer") });
    expect(res.status).toBe(200);
    expect(leaks(res.text)).toEqual([]);
    const [wrapped, plain, text, textB64, untouched] = res.json.messages;
    // Still base64 JSON (it decodes as before), with the masked fields replaced.
    expect(wrapped.decoded).toMatchObject({ encoding: "base64", format: "json" });
    expect(JSON.parse(Buffer.from(wrapped.text, "base64").toString("utf8"))).toEqual({
      ...doc,
      customer: { email: MASKED, name: "Ann" },
      card: MASKED,
      note: `ssn ${MASKED}`,
    });
    expect(JSON.parse(plain.text).customer.name).toBe("Ann");
    expect(text.text).toBe(`plain text with ssn ${MASKED} inside`);
    expect(Buffer.from(textB64.text, "base64").toString("utf8")).toBe(`text base64 with ${MASKED}`);
    expect(untouched.text).toBe("nothing secret");
  });

  it("operators and admins see the values, unless maskForAll", async () => {
    for (const role of ["operator", "admin"] as const) {
      expect(leaks((await send(peekRoute, { params: params("masked"), ...as(role) })).text)).toEqual(SECRETS);
      expect(leaks((await send(peekRoute, { params: params("maskall"), ...as(role) })).text)).toEqual([]);
    }
    const received = await send(receiveRoute, {
      method: "POST",
      params: params("maskall"),
      body: { count: 32, visibilityTimeout: 1 },
      ...as("operator"),
    });
    expect(received.status).toBe(200);
    expect(received.json.messages).toHaveLength(MESSAGES.length);
    expect(leaks(received.text)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_500));
  });

  it("an operator who sees messages masked may change a message's visibility, never its content", async () => {
    const name = await queueOfSecrets("edit");
    const received = await send(receiveRoute, {
      method: "POST",
      params: params("maskall", name),
      body: { count: 1, visibilityTimeout: 30 },
      ...as("operator"),
    });
    expect(received.status).toBe(200);
    const [first] = received.json.messages as { id: string; popReceipt: string; text: string }[];
    // Saving the masked text it was shown would write the mask over the real values.
    const refused = await send(updateRoute, {
      method: "PUT",
      params: { ...params("maskall", name), id: first!.id },
      body: { popReceipt: first!.popReceipt, text: first!.text, encoding: "text", visibilityTimeout: 0 },
      ...as("operator"),
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden");
    const moved = await send(updateRoute, {
      method: "PUT",
      params: { ...params("maskall", name), id: first!.id },
      body: { popReceipt: first!.popReceipt, visibilityTimeout: 0 },
      ...as("operator"),
    });
    expect(moved.status).toBe(200);
    // Every message as it was sent: the refused edit changed nothing, the visibility change no text.
    const stored = (await emulatorService().getQueueClient(name).peekMessages({ numberOfMessages: 32 }))
      .peekedMessageItems;
    expect(stored.map((m) => m.messageText).sort()).toEqual([...MESSAGES].sort());
    expect(stored.some((m) => m.messageId === first!.id)).toBe(true);
  });

  it("an export made by an operator is masked when a viewer downloads it, and not for the operator", async () => {
    // The plain export leaves what it read hidden for its visibility timeout: a queue of its own.
    const own = await queueOfSecrets("export");
    const job = await settledJob(
      await send(exportRoute, {
        method: "POST",
        params: params("masked", own),
        body: { visibilityTimeout: 30 },
        ...as("operator"),
      }),
      "operator",
    );
    expect(job.state).toBe("succeeded");
    const viewer = await send(downloadRoute, { params: { id: job.id }, ...as("viewer") });
    expect(viewer.status).toBe(200);
    expect(viewer.text.trim().split("\n")).toHaveLength(MESSAGES.length);
    expect(leaks(viewer.text)).toEqual([]);
    expect(leaks((await send(downloadRoute, { params: { id: job.id }, ...as("operator") })).text)).toEqual(SECRETS);
  });

  it("a predicate export's file is masked for a viewer in every decode-as", async () => {
    for (const decodeAs of ["raw", "decoded", "both"] as const) {
      const job = await settledJob(
        await send(exportRoute, {
          method: "POST",
          params: params("masked"),
          body: { where: { contains: "ssn" }, decodeAs },
          ...as("operator"),
        }),
        "operator",
      );
      expect(job).toMatchObject({ state: "succeeded", scan: { matched: 3, acted: 3 } });
      const file = await send(downloadRoute, { params: { id: job.id }, ...as("viewer") });
      expect(file.text.trim().split("\n")).toHaveLength(3);
      expect(leaks(file.text)).toEqual([]);
      expect(
        leaks((await send(downloadRoute, { params: { id: job.id }, ...as("admin") })).text).length,
      ).toBeGreaterThan(0);
    }
  });

  it("a masked user cannot probe a masked value with where: masked paths are refused, the rest matches the masked view", async () => {
    const refused = await send(purgeRoute, {
      method: "POST",
      params: params("maskall"),
      body: { where: { json: { path: "$.customer", matches: "^ann" } }, dryRun: true },
      ...as("operator"),
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("masked path $.customer.email"),
    });
    const probe = await settledJob(
      await send(purgeRoute, {
        method: "POST",
        params: params("maskall"),
        body: { where: { contains: EMAIL }, dryRun: true },
        ...as("operator"),
      }),
      "operator",
    );
    expect(probe).toMatchObject({ state: "nothing_to_do", scan: { matched: 0, scanned: MESSAGES.length } });
    // Unmasked, the same where finds them (matching runs on the real values for those who may see them).
    const real = await settledJob(
      await send(purgeRoute, {
        method: "POST",
        params: params("masked"),
        body: { where: { contains: EMAIL }, dryRun: true },
        ...as("operator"),
      }),
      "operator",
    );
    expect(real.scan.matched).toBe(2);
    // Viewers start no scans at all.
    expect(
      (
        await send(purgeRoute, {
          method: "POST",
          params: params("masked"),
          body: { where: { contains: "x" }, dryRun: true },
          ...as("viewer"),
        })
      ).status,
    ).toBe(403);
    expect(leaks(JSON.stringify([refused.json, probe]))).toEqual([]);
    // What an operator looked for may be a masked value: viewers see the job without it.
    expect(JSON.stringify(real)).toContain(EMAIL);
    const seenByViewer = await send(jobRoute, { params: { id: real.id }, ...as("viewer") });
    expect(seenByViewer.json.options.where).toEqual({ contains: MASKED });
    expect(leaks(seenByViewer.text)).toEqual([]);
    expect(leaks((await send(jobsRoute, { ...as("viewer") })).text)).toEqual([]);
  });

  it("lists the masked paths (never the regexes) with the accounts", async () => {
    const res = await send(accountsRoute, { ...as("viewer") });
    const masked = res.json.accounts.find((a: { id: string }) => a.id === "masked");
    expect(masked.masks).toEqual({
      paths: ["$.customer.email", "$.card"],
      regexCount: 1,
      forAll: false,
      appliesToYou: true,
    });
    expect(res.text).not.toContain("\\\\d{3}");
  });
});

describe("masking follows the role in force, not the one a session was signed in with", () => {
  // The route wrapper starts a read beside the state store's check of the session; a role changed
  // since sign-in must not get the answer worked out for the old one.
  it("a lowered role is masked at once, a raised one is not", async () => {
    const [viewer, operator] = [USERS.viewer, USERS.operator];
    try {
      await writeUsers([{ ...operator, role: "viewer" }, { ...viewer, role: "operator" }, USERS.admin]);
      const lowered = await send(peekRoute, { params: params("masked"), ...as("operator") });
      expect(lowered.status).toBe(200);
      expect(lowered.json.messages).toHaveLength(MESSAGES.length);
      expect(leaks(lowered.text)).toEqual([]);
      const raised = await send(peekRoute, { params: params("masked"), ...as("viewer") });
      expect(raised.status).toBe(200);
      expect(leaks(raised.text)).toEqual(SECRETS);
    } finally {
      await writeUsers(Object.values(USERS));
    }
  });
});

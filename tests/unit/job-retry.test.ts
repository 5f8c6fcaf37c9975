import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/error-codes";
import { moveMessages, type MoveIo } from "@/lib/jobs/move";
import { isTransient, mayHaveLanded, withRetry, type RetryPolicy } from "@/lib/jobs/retry";
import { StateConflict } from "@/lib/state/store";
import { fakeQueues as fakeQueueList, storageError as answered } from "../support/fake-queues";

// What the SDK throws: a reset socket carries no status, the service's refusals carry theirs.
const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const timedOut = () => Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4, budgetMs: 10_000 };
const live = () => new AbortController().signal;

describe("which faults a job step retries", () => {
  it("retries timeouts, resets, 5xx and 503 ServerBusy; not 403, 404, 400 or a conflict", () => {
    for (const err of [
      reset(),
      timedOut(),
      answered(503, "ServerBusy"),
      answered(500, "OperationTimedOut"),
      answered(500, "InternalError"),
    ])
      expect(isTransient(err), String(err)).toBe(true);
    for (const err of [
      answered(403, "AuthorizationFailure"),
      answered(404, "QueueNotFound"),
      answered(400, "PopReceiptMismatch"),
      answered(404, "MessageNotFound"),
      new StateConflict("changed"),
    ])
      expect(isTransient(err), String(err)).toBe(false);
  });

  it("tells a busy state store from one that refuses the credential", () => {
    const busy = new AppError("state_unavailable", "Queuescope's state store answered 503 ServerBusy.", {
      status: 503,
    });
    const silent = new AppError("state_unavailable", "Queuescope's state store did not answer.", { cause: "x" });
    const refused = new AppError("state_unavailable", "Queuescope's state store refused the credential.", {
      status: 403,
    });
    expect([isTransient(busy), isTransient(silent), isTransient(refused)]).toEqual([true, true, false]);
  });

  it("counts a try without an answer, or a 500, as one that may have landed; a 503 as one that did not", () => {
    expect(mayHaveLanded(reset())).toBe(true);
    expect(mayHaveLanded(answered(500, "OperationTimedOut"))).toBe(true);
    expect(mayHaveLanded(answered(503, "ServerBusy"))).toBe(false);
  });
});

describe("withRetry", () => {
  it("transient twice, then the answer", async () => {
    let tries = 0;
    const value = await withRetry(
      async () => {
        if (++tries <= 2) throw reset();
        return "ok";
      },
      { signal: live(), policy: FAST },
    );
    expect([value, tries]).toEqual(["ok", 3]);
  });

  it("a permanent fault fails on the first try", async () => {
    let tries = 0;
    const failing = withRetry(
      async () => {
        tries++;
        throw answered(403, "AuthorizationFailure");
      },
      { signal: live(), policy: FAST },
    );
    await expect(failing).rejects.toMatchObject({ statusCode: 403 });
    expect(tries).toBe(1);
  });

  it("gives up after the policy's tries, with the last fault", async () => {
    let tries = 0;
    await expect(
      withRetry(
        async () => {
          tries++;
          throw answered(503, `ServerBusy ${tries}`);
        },
        { signal: live(), policy: FAST },
      ),
    ).rejects.toThrow("ServerBusy 4");
    expect(tries).toBe(4);
  });

  it("does not retry once the job is cancelled, and a cancel ends the backoff at once", async () => {
    const controller = new AbortController();
    let tries = 0;
    const started = Date.now();
    const failing = withRetry(
      async () => {
        tries++;
        setTimeout(() => controller.abort(), 5);
        throw reset();
      },
      { signal: controller.signal, policy: { ...FAST, baseDelayMs: 5_000, maxDelayMs: 5_000 } },
    );
    await expect(failing).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(tries).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

const fakeQueues = (n: number) => fakeQueueList(Array.from({ length: n }, (_, i) => `text ${i}`));

const move = (io: MoveIo, extra: Partial<Parameters<typeof moveMessages>[1]> = {}) =>
  moveMessages(io, { signal: live(), onProgress: () => {}, retry: FAST, ...extra });

describe("a move retries its storage steps", () => {
  it("sends that reset twice and then land: everything moved, each retried copy counted as a possible duplicate", async () => {
    const q = fakeQueues(100);
    const faults = new Map<string, number>();
    const send = q.io.send;
    q.io.send = async (text, ttl) => {
      const n = faults.get(text) ?? 0;
      // Every tenth message: two tries that land without an answer, then one that answers.
      if (text.endsWith("0") && n < 2) {
        faults.set(text, n + 1);
        await send(text, ttl);
        throw reset();
      }
      return send(text, ttl);
    };
    const result = await move(q.io);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ moved: 100, duplicated: 10, uncertain: 0 });
    expect(q.source.size).toBe(0);
    // Each retried message landed three times: never lost, and every extra copy is in a counted duplicate.
    expect(q.target).toHaveLength(100 + 20);
  });

  it("503 ServerBusy twice on every step: moved, no duplicate (a 503 was never processed)", async () => {
    const q = fakeQueues(40);
    // Two 503s before each call goes through (counted per message for sends and deletes).
    const busyTwice = <A extends unknown[], R>(fn: (...a: A) => Promise<R>, key = (..._: A) => "") => {
      const calls = new Map<string, number>();
      return async (...a: A) => {
        const n = (calls.get(key(...a)) ?? 0) + 1;
        calls.set(key(...a), n % 3);
        if (n < 3) throw answered(503, "ServerBusy");
        return fn(...a);
      };
    };
    const checkpoints: string[][] = [];
    const result = await move(
      {
        receive: busyTwice(q.io.receive),
        send: busyTwice(q.io.send, (text) => text),
        remove: busyTwice(q.io.remove, (id) => id),
      },
      {
        workers: 1,
        onHold: busyTwice(async (_w: number, ids: string[]) => void checkpoints.push(ids)),
      },
    );
    expect(result).toMatchObject({ moved: 40, duplicated: 0, uncertain: 0 });
    expect(result.error).toBeUndefined();
    expect(q.target).toHaveLength(40);
    expect(checkpoints.length).toBeGreaterThan(0);
  });

  it("a delete whose first try landed without an answer: the retry finds it gone, moved once", async () => {
    const q = fakeQueues(5);
    const remove = q.io.remove;
    const failedOnce = new Set<string>();
    q.io.remove = async (id, receipt) => {
      await remove(id, receipt);
      if (!failedOnce.has(id)) {
        failedOnce.add(id);
        throw reset();
      }
    };
    const result = await move(q.io);
    expect(result).toMatchObject({ moved: 5, duplicated: 0 });
    expect(result.error).toBeUndefined();
    expect(q.target).toHaveLength(5);
  });

  it("a permanent refusal fails the move at once, losing nothing", async () => {
    const q = fakeQueues(100);
    let sends = 0;
    const send = q.io.send;
    q.io.send = async (text, ttl) => {
      if (++sends > 30) throw answered(403, "AuthorizationFailure");
      return send(text, ttl);
    };
    const result = await move(q.io, { workers: 1 });
    expect(result.error).toMatchObject({ statusCode: 403 });
    expect(sends).toBeLessThanOrEqual(32 + 2); // one try per message of the failing batch, no retries
    expect(result.moved).toBe(30);
    expect(q.target.length + q.source.size).toBe(100);
  });

  it("storage that keeps failing transiently fails the move after the policy's tries, losing nothing", async () => {
    const q = fakeQueues(50);
    let sends = 0;
    const send = q.io.send;
    q.io.send = async (text, ttl) => {
      if (++sends > 10) throw answered(503, "ServerBusy");
      return send(text, ttl);
    };
    const result = await move(q.io, { workers: 1 });
    expect(result.error).toBeDefined();
    expect(result.moved).toBe(10);
    expect(q.target.length + q.source.size).toBe(50);
  });
});

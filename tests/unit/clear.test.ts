import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { clearMessages } from "@/lib/azure/messages";
import { emulatorAccount } from "@/lib/config/accounts";

const timedOut = () =>
  new RestError("Operation could not be completed within the specified time.", {
    statusCode: 500,
    code: "OperationTimedOut",
  });

function fakeQueue(failures: (() => Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getProperties: async () => ({ approximateMessagesCount: 250_000 }) as never,
    clearMessages: async () => {
      const fail = failures[calls++];
      if (fail) throw fail();
      return {} as never;
    },
  };
}

describe("clearMessages", () => {
  it("retries OperationTimedOut until the service finishes", async () => {
    const queue = fakeQueue([timedOut, timedOut, timedOut]);
    const result = await clearMessages(emulatorAccount(), "big", queue);
    expect(result).toEqual({ cleared: true, approximateBefore: 250_000, attempts: 4 });
    expect(queue.calls).toBe(4);
  });

  it("does not retry other failures", async () => {
    const queue = fakeQueue([() => new RestError("no", { statusCode: 404, code: "QueueNotFound" })]);
    await expect(clearMessages(emulatorAccount(), "gone", queue)).rejects.toMatchObject({ code: "queue_not_found" });
    expect(queue.calls).toBe(1);
  });

  it("gives up with a clear error after too many timeouts", async () => {
    const queue = fakeQueue(Array.from({ length: 500 }, () => timedOut));
    await expect(clearMessages(emulatorAccount(), "huge", queue)).rejects.toMatchObject({ code: "storage_error" });
    expect(queue.calls).toBe(200);
  });
});

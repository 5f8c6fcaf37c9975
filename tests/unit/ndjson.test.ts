import { describe, expect, it } from "vitest";
import { ndjsonResponse } from "@/lib/api/ndjson";

describe("ndjsonResponse", () => {
  it("streams each event as a line and ends with the producer", async () => {
    const res = ndjsonResponse(async (write) => {
      write({ type: "queues", n: 1 });
      write({ type: "done" });
    });
    expect(await res.text()).toBe('{"type":"queues","n":1}\n{"type":"done"}\n');
  });

  it("turns a failure after the first line into a final error line", async () => {
    const res = ndjsonResponse(async (write) => {
      write({ type: "queues" });
      throw new Error("boom");
    });
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: "error", error: { code: expect.any(String) } });
  });

  it("a reader that goes away aborts the producer, and later writes (from a timer) do not throw", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const thrown: unknown[] = [];
    let aborted = false;
    let finished = false;
    const res = ndjsonResponse(async (write, gone) => {
      write({ type: "queues" });
      gone.addEventListener("abort", () => (aborted = true));
      await released;
      // What a count flush on an interval does after the tab closed.
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          try {
            write({ type: "counts" });
          } catch (err) {
            thrown.push(err);
          }
          resolve();
        }, 5),
      );
      finished = true;
    });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"type":"queues"}\n');
    await reader.cancel();
    expect(aborted).toBe(true);
    release();
    await expect.poll(() => finished).toBe(true);
    expect(thrown).toEqual([]);
  });
});

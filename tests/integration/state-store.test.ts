// The state store against a real Azurite: conditional writes, atomic transactions, leases.
import { describe, expect, it } from "vitest";
import { acquireLease, leaseIsFree, LeaseLost } from "@/lib/state/lease";
import {
  deleteRecord,
  getRecord,
  insertRecord,
  leaseContainer,
  queryRecords,
  replaceRecord,
  StateConflict,
  transact,
} from "@/lib/state/store";

describe("records", () => {
  it("insert refuses a second create, replace refuses a stale ETag", async () => {
    const etag = await insertRecord("settings", { partitionKey: "t", rowKey: "a", value: "1" });
    await expect(insertRecord("settings", { partitionKey: "t", rowKey: "a", value: "2" })).rejects.toMatchObject({
      kind: "exists",
    });
    const etag2 = await replaceRecord("settings", { partitionKey: "t", rowKey: "a", value: "2" }, etag);
    await expect(
      replaceRecord("settings", { partitionKey: "t", rowKey: "a", value: "3" }, etag),
    ).rejects.toBeInstanceOf(StateConflict);
    expect(await getRecord("settings", "t", "a")).toMatchObject({ value: "2", etag: etag2 });
    await deleteRecord("settings", "t", "a");
    expect(await getRecord("settings", "t", "a")).toBeNull();
  });

  it("of 10 simultaneous transactions creating the same two rows, exactly one wins, all or nothing", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        transact("locks", [
          ["create", { partitionKey: "acct", rowKey: "q1", holder: `job${i}` }],
          ["create", { partitionKey: "acct", rowKey: i % 2 ? `q2` : `q3-${i}`, holder: `job${i}` }],
        ]),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await queryRecords<{ holder: string }>("locks", { partitionKey: "acct" });
    expect(new Set(rows.map((r) => r.holder)).size).toBe(1);
    expect(rows).toHaveLength(2);
  });
});

describe("leases", () => {
  it("one holder at a time; released leases can be taken again", async () => {
    const name = `test-${Math.random().toString(36).slice(2)}`;
    expect(await leaseIsFree(name)).toBe(true);
    const attempts = await Promise.all(Array.from({ length: 5 }, () => acquireLease(name, { seconds: 15 })));
    const held = attempts.filter((l) => l !== null);
    expect(held).toHaveLength(1);
    expect(held[0]!.held()).toBe(true);
    expect(await leaseIsFree(name)).toBe(false);
    await held[0]!.release();
    expect(held[0]!.held()).toBe(false);
    const again = await acquireLease(name, { seconds: 15 });
    expect(again).not.toBeNull();
    await again!.release();
  });

  it("a held lease is renewed past its length, and one taken away is noticed before the next write", async () => {
    const name = `test-${Math.random().toString(36).slice(2)}`;
    const lease = (await acquireLease(name, { seconds: 15 }))!;
    // Past the 15 s it was taken for: still held, because it was renewed.
    await new Promise((r) => setTimeout(r, 16_500));
    expect(lease.held()).toBe(true);
    expect(await leaseIsFree(name)).toBe(false);
    // Someone else breaks it and takes it (what a stalled holder meets when it wakes up).
    const other = (await leaseContainer()).getBlockBlobClient(`leases/${name}`).getBlobLeaseClient();
    await other.breakLease(0);
    await other.acquireLease(15);
    // The next renewal (a third of the lease later at most) is refused: lost, and writes stop.
    const lost = await new Promise<unknown>((resolve) => {
      if (lease.lost.aborted) resolve(lease.lost.reason);
      lease.lost.addEventListener("abort", () => resolve(lease.lost.reason), { once: true });
    });
    expect(lost).toBeInstanceOf(LeaseLost);
    expect(String((lost as Error).message)).toMatch(/refused: 409/);
    expect(lease.held()).toBe(false);
    expect(() => lease.assertHeld()).toThrow(LeaseLost);
    await other.releaseLease();
    await lease.release();
  });
});

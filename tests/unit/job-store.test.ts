import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JobStore } from "@/lib/jobs/store";
import type { JobDto } from "@/lib/validation/jobs";

const job = (id: string, state: JobDto["state"], processed: number): JobDto => ({
  id, kind: "move", state, account: "local", source: "a-poison", target: "a", total: 100, processed, failed: 0, duplicated: 0,
  error: null, options: {}, createdAt: new Date(Date.now() + processed).toISOString(), finishedAt: null,
});

describe("JobStore", () => {
  it("survives a restart, marking running jobs interrupted with their counts", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "qs-store-")), "jobs.json");
    const store = new JobStore(file);
    store.put(job("running", "running", 40), true);
    store.put(job("done", "succeeded", 100), true);
    const reopened = new JobStore(file);
    expect(reopened.get("running")).toMatchObject({ state: "interrupted", processed: 40 });
    expect(reopened.get("running")!.finishedAt).not.toBeNull();
    expect(reopened.get("done")).toMatchObject({ state: "succeeded", processed: 100 });
    expect(reopened.list().map((j) => j.id)).toEqual(["done", "running"]);
  });

  it("writes progress lazily and state changes at once, atomically", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "qs-store-")), "jobs.json");
    const store = new JobStore(file);
    store.put(job("j", "running", 0), true);
    store.put(job("j", "running", 10));
    expect(JSON.parse(readFileSync(file, "utf8"))[0].processed).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.parse(readFileSync(file, "utf8"))[0].processed).toBe(10);
  });

  it("starts empty on a missing or corrupt file", () => {
    expect(new JobStore("/nonexistent/dir/jobs.json").list()).toEqual([]);
  });
});

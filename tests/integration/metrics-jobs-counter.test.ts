// queuescope_jobs_finished_total against real Azurite: jobs that end add to the counter kept in
// the state store, it does not fall when the job records are pruned, and instances counting at the
// same moment lose no increment (the ETag conflict is retried).
import { describe, expect, it } from "vitest";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { jobSettled } from "@/lib/jobs/runner";
import { countFinishedJob } from "@/lib/metrics/job-counters";
import { deleteRecord, queryRecords } from "@/lib/state/store";
import { call, emulatorService, uniquePrefix } from "../support/api";
import { parsePrometheusText } from "../support/prometheus-parser";

const prefix = uniquePrefix("jcount");

async function scrape() {
  const res = await call(metricsRoute);
  expect(res.status).toBe(200);
  const families = new Map(parsePrometheusText(res.text).map((f) => [f.name, f]));
  const finished = families.get("queuescope_jobs_finished_total")!;
  expect(finished.type).toBe("counter");
  const count = (kind: string, state: string) =>
    finished.samples.find((s) => s.labels.kind === kind && s.labels.state === state)?.value;
  return { count, running: families.get("queuescope_jobs_running")! };
}

async function move(from: string, to: string, messages: number): Promise<string> {
  const source = emulatorService().getQueueClient(from);
  await source.create();
  await emulatorService().getQueueClient(to).create();
  for (let i = 0; i < messages; i++) await source.sendMessage(`m${i}`);
  const res = await call(moveRoute, { method: "POST", params: { account: "local", queue: from }, body: { to } });
  expect(res.status, res.text).toBe(202);
  await jobSettled(res.json.job.id);
  return res.json.job.id as string;
}

describe("queuescope_jobs_finished_total", () => {
  it("rises by one per finished job and stays when the job records are pruned", async () => {
    const before = await scrape();
    expect(before.count("move", "succeeded")).toBe(0); // every series is there from the start
    expect(before.count("clear", "failed")).toBe(0);
    expect(before.running.type).toBe("gauge");

    const ids = [await move(`${prefix}-a`, `${prefix}-a-to`, 2), await move(`${prefix}-b`, `${prefix}-b-to`, 1)];
    const after = await scrape();
    expect(after.count("move", "succeeded")).toBe(2);
    expect(after.running.samples.find((s) => s.labels.kind === "move")?.value).toBe(0);

    // What the Jobs list's pruning does to finished jobs past the newest 200: the records go.
    for (const id of ids) await deleteRecord("jobs", "job", id);
    expect(await queryRecords("jobs", { partitionKey: "job" })).toEqual([]);
    expect((await scrape()).count("move", "succeeded")).toBe(2);
  });

  it("counts every job when several instances end jobs at the same moment", async () => {
    const base = (await scrape()).count("export", "cancelled")!;
    await Promise.all(Array.from({ length: 8 }, (_, i) => countFinishedJob("export", "cancelled", `job-${i}`)));
    expect((await scrape()).count("export", "cancelled")).toBe(base + 8);
  });

  it("counts a job once when its increment is written again (an answer lost, the write retried)", async () => {
    const base = (await scrape()).count("clear", "failed")!;
    await countFinishedJob("clear", "failed", "job-lost-answer");
    await countFinishedJob("clear", "failed", "job-lost-answer");
    await countFinishedJob("clear", "failed", "job-next");
    expect((await scrape()).count("clear", "failed")).toBe(base + 2);
  });
});

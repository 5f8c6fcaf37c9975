// The queue table's first listing: with unsampled=1 the stream counts only the queues the latest
// sampling round did not see (the snapshot has the others' counts), so opening the table does
// not cost one storage call per queue.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/accounts/[account]/queues/route";
import { getAccountConfig } from "@/lib/azure/accounts";
import { forgetLatestCache } from "@/lib/metrics/latest";
import { newAccountSampler, sampleRound } from "@/lib/metrics/sampler";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("uns");
const sampled = [`${prefix}-a`, `${prefix}-b`];
const added = `${prefix}-new`;

async function stream(query: Record<string, string>) {
  const res = await call(listRoute, { params: { account: "local" }, query: { prefix, stream: "1", ...query } });
  expect(res.status).toBe(200);
  const events = res.text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  return {
    listed: events
      .filter((e) => e.type === "queues")
      .flatMap((e) => e.queues.map((q: { name: string }) => q.name))
      .sort(),
    counts: Object.assign({}, ...events.filter((e) => e.type === "counts").map((e) => e.counts)) as Record<
      string,
      number
    >,
    done: events.at(-1),
  };
}

describe("GET /api/accounts/{a}/queues?stream=1&unsampled=1", () => {
  beforeAll(async () => {
    useEnv({});
    for (const name of sampled) await emulatorService().getQueueClient(name).create();
    await emulatorService().getQueueClient(sampled[0]!).sendMessage("m");
    await sampleRound(newAccountSampler(getAccountConfig("local"), { prefix }), new Date());
    forgetLatestCache();
    await emulatorService().getQueueClient(added).create();
    await emulatorService().getQueueClient(added).sendMessage("n");
  });

  it("lists every queue but counts only the one the latest round did not see", async () => {
    const { listed, counts, done } = await stream({ unsampled: "1" });
    expect(listed).toEqual([...sampled, added].sort());
    expect(counts).toEqual({ [added]: 1 });
    expect(done).toEqual({ type: "done", total: 3 });
  });

  it("without it, counts every queue live", async () => {
    const { counts } = await stream({});
    expect(counts).toEqual({ [sampled[0]!]: 1, [sampled[1]!]: 0, [added]: 1 });
  });
});

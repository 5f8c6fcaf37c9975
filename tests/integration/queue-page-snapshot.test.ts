// The queue table's first HTML: the page reads the latest round straight from the state store,
// and paints as before (null, the browser asks) when there is none to read.
import { beforeAll, describe, expect, it } from "vitest";
import { getAccountConfig } from "@/lib/azure/accounts";
import { pageSnapshot } from "@/lib/metrics/history";
import { forgetLatestCache } from "@/lib/metrics/latest";
import { newAccountSampler, sampleRound } from "@/lib/metrics/sampler";
import { unpackSnapshot } from "@/lib/queues/snapshot-codec";
import { emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("psnap");
const queues = [`${prefix}-a`, `${prefix}-b`];

describe("pageSnapshot", () => {
  beforeAll(async () => {
    useEnv({});
    for (const name of queues) await emulatorService().getQueueClient(name).create();
    for (const text of ["one", "two"]) await emulatorService().getQueueClient(queues[0]!).sendMessage(text);
  });

  it("is null for an account that is not sampled, without reading anything", async () => {
    const result = await pageSnapshot({ ...getAccountConfig("local"), sample: false });
    expect(result.json).toBeNull();
    expect(result.at).toBeGreaterThan(Date.now() - 5_000);
  });

  it("is null for an account whose first round has not been stored", async () => {
    const result = await pageSnapshot({ ...getAccountConfig("local"), id: uniquePrefix("never") });
    expect(result.json).toBeNull();
  });

  it("carries the latest round's counts and flags once a round is stored", async () => {
    // An account id of its own: other files' rounds of "local" replace its latest round.
    const account = { ...getAccountConfig("local"), id: uniquePrefix("psnapacct") };
    const at = new Date();
    await sampleRound(newAccountSampler(account, { prefix }), at);
    forgetLatestCache();
    const packed = (await pageSnapshot(account)).json;
    const data = packed ? unpackSnapshot(JSON.parse(packed)) : null;
    expect(Math.abs(Date.parse(data!.sampledAt!) - at.getTime())).toBeLessThan(1_000);
    const mine = data?.queues.filter((q) => q.name.startsWith(prefix)).map((q) => [q.name, q.count, q.stalled]);
    expect(mine).toEqual([
      [queues[0], 2, false],
      [queues[1], 0, false],
    ]);
    // What the page embeds in its HTML: figures and names only.
    expect(packed).not.toMatch(/AccountKey|sig=|SharedAccessSignature/i);
  });
});

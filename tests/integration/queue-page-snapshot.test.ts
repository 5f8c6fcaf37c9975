// The queue table's first HTML: the page reads the latest round straight from the state store,
// and paints as before (null, the browser asks) when there is none to read. A round of more
// queues than one screen shows is cut to the view's first screen, with the view's figures.
import { beforeAll, describe, expect, it } from "vitest";
import { getAccountConfig } from "@/lib/azure/accounts";
import { pageSnapshot } from "@/lib/metrics/history";
import { forgetLatestCache } from "@/lib/metrics/latest";
import { newAccountSampler, sampleRound } from "@/lib/metrics/sampler";
import { FIRST_SCREEN_ROWS, unpackFirstScreen, type FirstScreenView } from "@/lib/queues/first-screen";
import { emulatorService, uniquePrefix, useEnv } from "../support/api";
import { startSilentProxy } from "../support/silent-proxy";
import { redirectState, stateOrigin } from "../support/state-redirect";

const prefix = uniquePrefix("psnap");
const queues = [`${prefix}-a`, `${prefix}-b`];
const byName: FirstScreenView = { filter: "", prefix: "", poisonOnly: false, sort: "name", descending: false };

describe("pageSnapshot", () => {
  beforeAll(async () => {
    useEnv({});
    for (const name of queues) await emulatorService().getQueueClient(name).create();
    for (const text of ["one", "two"]) await emulatorService().getQueueClient(queues[0]!).sendMessage(text);
  });

  it("is null for an account that is not sampled, without reading anything", async () => {
    const result = await pageSnapshot({ ...getAccountConfig("local"), sample: false }, byName);
    expect(result.json).toBeNull();
    expect(result.at).toBeGreaterThan(Date.now() - 5_000);
  });

  it("is null for an account whose first round has not been stored", async () => {
    const result = await pageSnapshot({ ...getAccountConfig("local"), id: uniquePrefix("never") }, byName);
    expect(result.json).toBeNull();
  });

  it("carries the latest round's counts and flags once a round is stored", async () => {
    // An account id of its own: other files' rounds of "local" replace its latest round.
    const account = { ...getAccountConfig("local"), id: uniquePrefix("psnapacct") };
    const at = new Date();
    await sampleRound(newAccountSampler(account, { prefix }), at);
    forgetLatestCache();
    const packed = (await pageSnapshot(account, byName)).json;
    const first = packed ? unpackFirstScreen(packed) : null;
    expect(first?.partial).toBeNull();
    const data = first?.data;
    expect(Math.abs(Date.parse(data!.sampledAt!) - at.getTime())).toBeLessThan(1_000);
    const mine = data?.queues.filter((q) => q.name.startsWith(prefix)).map((q) => [q.name, q.count, q.stalled]);
    expect(mine).toEqual([
      [queues[0], 2, false],
      [queues[1], 0, false],
    ]);
    // What the page embeds in its HTML: figures and names only.
    expect(packed).not.toMatch(/AccountKey|sig=|SharedAccessSignature/i);
  });

  it("cuts a round of more queues than a screen to the view's first rows, with the view's figures", async () => {
    const many = uniquePrefix("psnapmany");
    const names = Array.from({ length: FIRST_SCREEN_ROWS + 5 }, (_, i) => `${many}-${String(i).padStart(2, "0")}`);
    // Depth i % 7: the deepest are not the first by name.
    for (const [i, name] of names.entries()) {
      const q = emulatorService().getQueueClient(name);
      await q.create();
      for (let m = 0; m < i % 7; m++) await q.sendMessage(`m${m}`);
    }
    const account = { ...getAccountConfig("local"), id: uniquePrefix("psnapmanyacct") };
    await sampleRound(newAccountSampler(account, { prefix: many }), new Date());
    forgetLatestCache();
    const view: FirstScreenView = { ...byName, sort: "depth", descending: true };
    const packed = (await pageSnapshot(account, view)).json;
    const first = unpackFirstScreen(packed!);
    const depth = (i: number) => i % 7;
    const expected = names
      .map((name, i) => ({ name, count: depth(i) }))
      // Descending: ties by name descending too.
      .sort((a, b) => b.count - a.count || (a.name < b.name ? 1 : -1))
      .slice(0, FIRST_SCREEN_ROWS);
    expect(first.data.queues.map((q) => ({ name: q.name, count: q.count }))).toEqual(
      [...expected].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    const total = names.reduce((sum, _, i) => sum + depth(i), 0);
    expect(first.partial).toMatchObject({ shown: names.length, all: names.length, total, counted: names.length });
    expect(first.partial?.maxDepth).toBe(6);
    // A filtered view: its first screen and figures are of the rows it shows.
    const filtered = unpackFirstScreen((await pageSnapshot(account, { ...view, filter: `${many}-1` })).json!);
    expect(filtered.data.queues.map((q) => q.name)).toEqual(names.slice(10, 20));
    expect(filtered.partial).toMatchObject({ shown: 10, all: names.length });
  });

  it("gives up on a silent state store after the listing's wait: the page paints without it", async () => {
    const account = { ...getAccountConfig("local"), id: uniquePrefix("psnapquiet") };
    await sampleRound(newAccountSampler(account, { prefix }), new Date());
    forgetLatestCache();
    const proxy = await startSilentProxy(stateOrigin("Table"), { silent: true });
    const restore = redirectState("Table", proxy.origin);
    try {
      const started = Date.now();
      const result = await pageSnapshot(account, byName);
      expect(result.json).toBeNull();
      // The listing's wait is 1.5 s: the page is not held for the store's own deadline.
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      restore();
      await proxy.close();
    }
    // Once the store answers again the page has it (a loaded machine may need more than one
    // 1.5 s wait for the first read on a fresh connection).
    await expect
      .poll(
        async () => {
          forgetLatestCache();
          return (await pageSnapshot(account, byName)).json;
        },
        { timeout: 15_000 },
      )
      .not.toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, loadAccountConfigs } from "@/lib/config/accounts";
import { leaseSeconds, sampleIntervalSeconds, stallMinutes } from "@/lib/config/sampling";
import { nextNetPerMinute, queueFlags, type QueueFigures } from "@/lib/metrics/flags";
import { isPoisonQueue } from "@/lib/queues/poison";

const base: QueueFigures = { count: 10, previousCount: 10, oldestAgeSeconds: 0, unchangedSince: 0, netPerMinute: 0 };

describe("growing, stalled and drain ETA", () => {
  it("growing: the depth rose since the previous sample and the smoothed rate is positive", () => {
    expect(queueFlags({ ...base, count: 12, previousCount: 10, netPerMinute: 2 }, 60, 10).growing).toBe(true);
    expect(queueFlags({ ...base, count: 12, previousCount: 10, netPerMinute: -1 }, 60, 10).growing).toBe(false);
    expect(queueFlags({ ...base, count: 10, previousCount: 10, netPerMinute: 2 }, 60, 10).growing).toBe(false);
    expect(queueFlags({ ...base, count: 12, previousCount: null, netPerMinute: null }, 60, 10).growing).toBe(false);
  });

  it("stalled: not empty, unchanged for N minutes, and the oldest message at least N minutes old", () => {
    const n = 10;
    expect(queueFlags({ ...base, unchangedSince: 0, oldestAgeSeconds: 600 }, 600, n).stalled).toBe(true);
    expect(queueFlags({ ...base, unchangedSince: 1, oldestAgeSeconds: 600 }, 600, n).stalled).toBe(false);
    // Unchanged depth but a fresh oldest message: consumed and refilled at the same pace.
    expect(queueFlags({ ...base, unchangedSince: 0, oldestAgeSeconds: 30 }, 600, n).stalled).toBe(false);
    expect(queueFlags({ ...base, count: 0, unchangedSince: 0, oldestAgeSeconds: null }, 6000, n).stalled).toBe(false);
  });

  it("drain ETA only while draining a non-empty queue", () => {
    expect(queueFlags({ ...base, count: 100, netPerMinute: -20 }, 0, 10).drainEtaSeconds).toBe(300);
    expect(queueFlags({ ...base, count: 100, netPerMinute: 5 }, 0, 10).drainEtaSeconds).toBeNull();
    expect(queueFlags({ ...base, count: 0, netPerMinute: -5 }, 0, 10).drainEtaSeconds).toBeNull();
  });

  it("smooths the net rate over rounds", () => {
    expect(nextNetPerMinute(null, null, 5, 60)).toBeNull();
    expect(nextNetPerMinute(null, 5, 2, 60)).toBe(-3);
    expect(nextNetPerMinute(-3, 2, 2, 60)).toBe(-1.5);
    expect(nextNetPerMinute(0, 0, 30, 30)).toBe(30);
  });

  it("knows poison queues by their usual names", () => {
    expect(["orders-poison", "poison", "jobs-dlq", "x-deadletter"].every(isPoisonQueue)).toBe(true);
    expect(["poisonous", "orders"].some(isPoisonQueue)).toBe(false);
  });
});

describe("sampling configuration", () => {
  it("QUEUESCOPE_SAMPLE_INTERVAL: 60 by default, at least 5, whole seconds", () => {
    expect(sampleIntervalSeconds({})).toBe(60);
    expect(sampleIntervalSeconds({ QUEUESCOPE_SAMPLE_INTERVAL: "5" })).toBe(5);
    for (const bad of ["4", "0", "-10", "1.5", "abc", "60s"]) {
      expect(() => sampleIntervalSeconds({ QUEUESCOPE_SAMPLE_INTERVAL: bad })).toThrow(ConfigError);
    }
    expect(() => sampleIntervalSeconds({ QUEUESCOPE_SAMPLE_INTERVAL: "2" })).toThrow(
      /QUEUESCOPE_SAMPLE_INTERVAL: must be a whole number of at least 5/,
    );
    expect(stallMinutes({})).toBe(10);
    expect(() => stallMinutes({ QUEUESCOPE_STALL_MINUTES: "0" })).toThrow(ConfigError);
  });

  it("QUEUESCOPE_LEASE_SECONDS: 30 by default, 15 to 60 as Blob Storage allows", () => {
    expect(leaseSeconds({})).toBe(30);
    expect(leaseSeconds({ QUEUESCOPE_LEASE_SECONDS: "15" })).toBe(15);
    expect(leaseSeconds({ QUEUESCOPE_LEASE_SECONDS: "60" })).toBe(60);
    for (const bad of ["14", "61", "-1", "20.5", "-1s", "infinite"])
      expect(() => leaseSeconds({ QUEUESCOPE_LEASE_SECONDS: bad })).toThrow(ConfigError);
    expect(() => leaseSeconds({ QUEUESCOPE_LEASE_SECONDS: "90" })).toThrow(
      /QUEUESCOPE_LEASE_SECONDS: must be a whole number from 15 to 60 \(got "90"\)/,
    );
  });

  it('"sample": false opts an account out; anything but a boolean names the entry and field', () => {
    const entry = { id: "a", name: "A", accountName: "acct", accountKey: "abcd" };
    const load = (extra: object) =>
      loadAccountConfigs({
        env: { QUEUESCOPE_ACCOUNTS: "/x.json" },
        readFile: () => JSON.stringify([{ ...entry, ...extra }]),
      });
    expect(load({})[0]!.sample).toBe(true);
    expect(load({ sample: false })[0]!.sample).toBe(false);
    expect(() => load({ sample: "no" })).toThrow(/entry 0 \("a"\): field "sample": must be true or false/);
  });
});

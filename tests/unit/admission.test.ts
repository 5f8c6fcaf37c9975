import { afterEach, describe, expect, it, vi } from "vitest";
import {
  admission,
  admitted,
  AdmissionController,
  clientKeyOf,
  DEFAULT_ADMISSION_LIMITS,
  resetAdmission,
  type AdmissionLimits,
  type Release,
} from "@/lib/api/admission";
import { AppError } from "@/lib/api/error-codes";
import type { CurrentUser } from "@/lib/auth/roles";

const limits = (l: Partial<AdmissionLimits>) => ({ ...DEFAULT_ADMISSION_LIMITS, ...l });

/** Settles every promise callback already queued (admission is decided in microtasks, not time). */
const settle = () => new Promise((r) => setImmediate(r));

/** Starts `n` requests of `client` and records, in order, which were admitted and which refused. */
function fire(gate: AdmissionController, client: string, n: number, log: string[], releases: Map<string, Release>) {
  for (let i = 1; i <= n; i++) {
    const name = `${client}${i}`;
    gate.acquire(client).then(
      (release) => {
        log.push(name);
        releases.set(name, release);
      },
      (err: AppError) => log.push(`${name}:${err.code}`),
    );
  }
}

afterEach(() => {
  vi.useRealTimers();
  resetAdmission();
});

describe("AdmissionController", () => {
  it("admits a client up to its cap, queues a few more, and refuses the rest with rate_limited and a retry time", async () => {
    const gate = new AdmissionController(limits({ inFlight: 10, perClient: 2, queuePerClient: 3 }));
    const log: string[] = [];
    const releases = new Map<string, Release>();
    fire(gate, "a", 8, log, releases);
    await settle();
    expect(log).toEqual(["a1", "a2", "a6:rate_limited", "a7:rate_limited", "a8:rate_limited"]);
    expect(gate.stats()).toEqual({ inFlight: 2, waiting: 3, clients: 1 });
    await gate.acquire("a").catch((err: AppError) => {
      expect(err.status).toBe(429);
      expect(err.details).toMatchObject({ retryAfterSeconds: expect.any(Number), reason: "client" });
    });
    // The queued ones are served, in their order, as slots come back.
    releases.get("a1")!();
    releases.get("a2")!();
    await settle();
    expect(log.slice(5)).toEqual(["a3", "a4"]);
  });

  it("lets a second client in at once while the first holds its cap and has a queue", async () => {
    const gate = new AdmissionController(limits({ inFlight: 3, perClient: 2, queuePerClient: 50 }));
    const log: string[] = [];
    const releases = new Map<string, Release>();
    fire(gate, "flood", 40, log, releases);
    fire(gate, "other", 1, log, releases);
    await settle();
    expect(log).toEqual(["flood1", "flood2", "other1"]);
    expect(gate.stats().waiting).toBe(38);
  });

  it("gives freed slots to waiting clients in turn, not in arrival order", async () => {
    const gate = new AdmissionController(limits({ inFlight: 2, perClient: 2, queuePerClient: 10 }));
    const log: string[] = [];
    const releases = new Map<string, Release>();
    fire(gate, "a", 5, log, releases);
    fire(gate, "b", 2, log, releases);
    fire(gate, "c", 1, log, releases);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    // Each completion frees one slot; first-come-first-served would give them to a3, a4, a5.
    for (const next of ["a1", "a2", "a3", "b1", "c1", "a4", "b2", "a5"]) {
      releases.get(next)!();
      await settle();
    }
    expect(log).toEqual(["a1", "a2", "a3", "b1", "c1", "a4", "b2", "a5"]);
    expect(gate.stats()).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
  });

  it("skips a client that is at its own cap and serves the next one", async () => {
    const gate = new AdmissionController(limits({ inFlight: 3, perClient: 2, queuePerClient: 10 }));
    const log: string[] = [];
    const releases = new Map<string, Release>();
    fire(gate, "a", 4, log, releases);
    fire(gate, "b", 3, log, releases);
    await settle();
    expect(log).toEqual(["a1", "a2", "b1"]);
    releases.get("b1")!();
    await settle();
    // a is first in turn but already holds two slots: b gets it.
    expect(log.at(-1)).toBe("b2");
  });

  it("refuses with reason server once the instance's waiting room is full, whoever asks", async () => {
    const gate = new AdmissionController(limits({ inFlight: 1, perClient: 1, queuePerClient: 5, queueTotal: 4 }));
    const log: string[] = [];
    const releases = new Map<string, Release>();
    fire(gate, "a", 3, log, releases);
    fire(gate, "b", 2, log, releases);
    fire(gate, "c", 1, log, releases);
    await settle();
    expect(log).toEqual(["a1", "c1:rate_limited"]);
    const err = await gate.acquire("d").catch((e: AppError) => e);
    expect(err).toMatchObject({ code: "rate_limited", details: { reason: "server" } });
  });

  it("refuses a request that waited past maxWaitMs and one whose client went away", async () => {
    vi.useFakeTimers();
    const gate = new AdmissionController(limits({ inFlight: 1, perClient: 1, queuePerClient: 5, maxWaitMs: 1000 }));
    const release = await gate.acquire("a");
    const aborter = new AbortController();
    const gone = gate.acquire("a", aborter.signal).catch((e: AppError) => e.details);
    const slow = gate.acquire("a").catch((e: AppError) => e.details);
    aborter.abort();
    expect(await gone).toMatchObject({ reason: "client" });
    expect(gate.stats().waiting).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(await slow).toMatchObject({ reason: "timeout" });
    release();
    release();
    expect(gate.stats()).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
  });
});

describe("clientKeyOf", () => {
  const req = (headers: Record<string, string>) => new Request("http://127.0.0.1/api/x", { headers });
  const local: CurrentUser = { name: "local", role: "admin", via: "local" };

  it("counts a signed-in user as one client, whatever the address or agent", () => {
    const ada: CurrentUser = { name: "ada", role: "viewer", via: "password" };
    expect(clientKeyOf(req({ "user-agent": "x", "x-forwarded-for": "10.0.0.1" }), ada)).toBe(
      clientKeyOf(req({ "user-agent": "y" }), ada),
    );
    expect(clientKeyOf(req({}), ada)).not.toBe(clientKeyOf(req({}), { ...ada, name: "bob" }));
  });

  it("tells local-mode callers apart by address and user agent", () => {
    const script = clientKeyOf(req({ "x-forwarded-for": "127.0.0.1", "user-agent": "node" }), local);
    expect(clientKeyOf(req({ "x-forwarded-for": "127.0.0.1", "user-agent": "Mozilla/5.0" }), local)).not.toBe(script);
    expect(clientKeyOf(req({ "x-forwarded-for": "127.0.0.1, 10.0.0.9", "user-agent": "node" }), local)).toBe(script);
  });
});

describe("admitted()", () => {
  const user: CurrentUser = { name: "ada", role: "viewer", via: "password" };
  const get = (method = "GET") => new Request("http://127.0.0.1/api/x", { method });

  it("holds the slot until the answer has been read, and gives it back when the reader cancels", async () => {
    resetAdmission();
    const read = await admitted(get(), user, async () => Response.json({ big: "x".repeat(100_000) }));
    expect(admission().stats().inFlight).toBe(1);
    expect((await read.json()).big).toHaveLength(100_000);
    expect(admission().stats().inFlight).toBe(0);
    const cancelled = await admitted(get(), user, async () => Response.json({ n: 1 }));
    await cancelled.body!.cancel();
    expect(admission().stats().inFlight).toBe(0);
  });

  it("gives the slot back at once for HEAD, empty bodies and thrown errors", async () => {
    resetAdmission();
    await admitted(get("HEAD"), user, async () => Response.json({ n: 1 }));
    await admitted(get(), user, async () => new Response(null, { status: 204 }));
    await expect(
      admitted(get(), user, async () => {
        throw new AppError("queue_not_found", "No such queue.");
      }),
    ).rejects.toThrow("No such queue.");
    expect(admission().stats()).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
  });

  it("refuses past the bound before the work runs", async () => {
    resetAdmission({ inFlight: 1, perClient: 1, queuePerClient: 0 });
    const work = vi.fn(async () => Response.json({}));
    const first = await admitted(get(), user, work);
    await expect(admitted(get(), user, work)).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    expect(work).toHaveBeenCalledTimes(1);
    await first.text();
  });
});

import "server-only";
import type { CurrentUser } from "@/lib/auth/roles";
import { AppError } from "./error-codes";

// Per-instance admission for requests that reach storage. Without it one client firing hundreds
// of peeks at once holds every socket, every parsed answer and the event loop, and another
// user's small peek waits behind all of them (39 s in the issue-14 flood).
//
// A request holds its slot until its answer has been sent (or the client went away): an answer
// waiting in a socket buffer is memory too, and a streamed listing keeps calling storage after the
// handler has returned. Slots free up in round-robin order across clients, so a client with a long
// queue of its own cannot push ahead of one that just arrived; a client never holds more than
// `perClient` slots, so a newcomer usually finds one free at once.

export interface AdmissionLimits {
  /** Requests in flight across the instance. */
  inFlight: number;
  /** Of those, at most this many for one client: the rest stay free for others. */
  perClient: number;
  /** Requests of one client waiting for a slot; beyond this it is refused at once. */
  queuePerClient: number;
  /** Waiting requests across the instance (many clients at once). */
  queueTotal: number;
  /** A waiting request is refused after this long rather than kept open indefinitely. */
  maxWaitMs: number;
  /** A slot is given back after this long even if the answer is still being sent (a stalled reader). */
  maxHoldMs: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  inFlight: 12,
  perClient: 4,
  queuePerClient: 16,
  queueTotal: 512,
  maxWaitMs: 20_000,
  maxHoldMs: 120_000,
};

/** Seconds a refused client is asked to wait: one storage round trip of the others is enough. */
const RETRY_AFTER_SECONDS = 1;

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  refuse: (err: AppError) => void;
}

interface ClientState {
  inFlight: number;
  waiting: Waiter[];
}

function refusal(message: string, reason: "client" | "server" | "timeout"): AppError {
  return new AppError("rate_limited", message, { retryAfterSeconds: RETRY_AFTER_SECONDS, reason });
}

export class AdmissionController {
  private readonly clients = new Map<string, ClientState>();
  /** Clients with waiting requests, in the order they get the next free slot (each at most once). */
  private readonly turns: string[] = [];
  private inFlight = 0;
  private waiting = 0;

  constructor(readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS) {}

  /** Resolves with the slot's release once admitted; rejects with `rate_limited` when refused. */
  acquire(client: string, signal?: AbortSignal): Promise<Release> {
    const state = this.clients.get(client) ?? { inFlight: 0, waiting: [] };
    this.clients.set(client, state);
    // Waiting requests of the same client go first, so its own order is kept.
    if (state.waiting.length === 0 && state.inFlight < this.limits.perClient && this.inFlight < this.limits.inFlight) {
      return Promise.resolve(this.take(client, state));
    }
    if (state.waiting.length >= this.limits.queuePerClient) {
      this.forget(client, state);
      return Promise.reject(refusal("Too many requests from you at once. Try again in a moment.", "client"));
    }
    if (this.waiting >= this.limits.queueTotal) {
      this.forget(client, state);
      return Promise.reject(refusal("The server is busy with other requests. Try again in a moment.", "server"));
    }
    return new Promise<Release>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const at = state.waiting.indexOf(waiter);
        if (at < 0) return false;
        state.waiting.splice(at, 1);
        this.waiting--;
        this.forget(client, state);
        return true;
      };
      const waiter: Waiter = {
        grant: (release) => {
          leave();
          resolve(release);
        },
        refuse: (err) => {
          if (leave()) reject(err);
        },
      };
      const onAbort = () => waiter.refuse(refusal("The request was cancelled while it waited.", "client"));
      const timer = setTimeout(
        () => waiter.refuse(refusal("The server stayed busy for too long. Try again in a moment.", "timeout")),
        this.limits.maxWaitMs,
      );
      timer.unref?.();
      signal?.addEventListener("abort", onAbort, { once: true });
      state.waiting.push(waiter);
      this.waiting++;
      if (!this.turns.includes(client)) this.turns.push(client);
      if (signal?.aborted) onAbort();
    });
  }

  /** Figures for tests and diagnostics. */
  stats(): { inFlight: number; waiting: number; clients: number } {
    return { inFlight: this.inFlight, waiting: this.waiting, clients: this.clients.size };
  }

  private take(client: string, state: ClientState): Release {
    state.inFlight++;
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.inFlight--;
      this.inFlight--;
      this.forget(client, state);
      this.dispatch();
    };
  }

  /** Gives free slots to waiting requests, one client at a time in turn. */
  private dispatch(): void {
    let skipped = 0;
    while (this.inFlight < this.limits.inFlight && skipped < this.turns.length) {
      const client = this.turns.shift()!;
      const state = this.clients.get(client);
      if (!state || state.waiting.length === 0) continue;
      if (state.inFlight >= this.limits.perClient) {
        // At its own cap: it keeps its place in the rotation, the next client is asked.
        this.turns.push(client);
        skipped++;
        continue;
      }
      skipped = 0;
      const waiter = state.waiting[0]!;
      if (state.waiting.length > 1) this.turns.push(client);
      waiter.grant(this.take(client, state));
    }
  }

  private forget(client: string, state: ClientState): void {
    if (state.inFlight > 0 || state.waiting.length > 0) return;
    if (this.clients.get(client) === state) this.clients.delete(client);
    const turn = this.turns.indexOf(client);
    if (turn >= 0) this.turns.splice(turn, 1);
  }
}

/**
 * Who a request counts against. Signed in: the user (all of one user's tabs and scripts share one
 * fair share, and signing in again does not buy another). Local mode has a single user, "local",
 * and everything arrives from loopback, so the address (the first x-forwarded-for hop: the gate in front
 * of Next overwrites it with the socket's peer, and Next fills it in when nothing did) is paired with the user agent: a runaway script and the
 * browser tab then count apart. Local mode trusts every caller fully already, so a forged header
 * buys nothing that was not already available.
 */
export function clientKeyOf(req: Request, user: CurrentUser): string {
  if (user.via !== "local") return `${user.via}:${user.name}`;
  const address = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  const agent = req.headers.get("user-agent") ?? "";
  return `local:${address.slice(0, 64)}|${agent.slice(0, 256)}`;
}

const store = globalThis as typeof globalThis & { __queuescopeAdmission?: AdmissionController };

/** The instance's controller; kept on globalThis so every route bundle shares the one bound. */
export function admission(): AdmissionController {
  return (store.__queuescopeAdmission ??= new AdmissionController());
}

/** Tests: a fresh controller, optionally with other limits. */
export function resetAdmission(limits: Partial<AdmissionLimits> = {}): void {
  store.__queuescopeAdmission = new AdmissionController({ ...DEFAULT_ADMISSION_LIMITS, ...limits });
}

/** Hands the slot back once the answer's body has been read to the end or cancelled. */
function releaseWhenSent(res: Response, release: Release, maxHoldMs: number, method: string): Response {
  // Next sends no body for HEAD and never reads it: nothing would ever end it.
  if (!res.body || method === "HEAD") {
    release();
    return res;
  }
  const timer = setTimeout(release, maxHoldMs);
  timer.unref?.();
  const done = () => {
    clearTimeout(timer);
    release();
  };
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          done();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (err) {
        done();
        controller.error(err);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Runs `work` once the client is admitted; refuses with 429 `rate_limited` (and Retry-After) beyond the bound. */
export async function admitted(req: Request, user: CurrentUser, work: () => Promise<Response>): Promise<Response> {
  const controller = admission();
  const release = await controller.acquire(clientKeyOf(req, user), req.signal);
  let res: Response;
  try {
    res = await work();
  } catch (err) {
    release();
    throw err;
  }
  return releaseWhenSent(res, release, controller.limits.maxHoldMs, req.method);
}

import "server-only";
import { leaseSeconds } from "@/lib/config/sampling";
import { leaseContainer, stateError } from "./store";

/**
 * Lease length in seconds (QUEUESCOPE_LEASE_SECONDS, 30 by default; the service allows 15 to 60):
 * a dead owner's work is adopted this long after it died.
 */
export const LEASE_SECONDS = leaseSeconds();

export interface Lease {
  readonly name: string;
  readonly id: string;
  /** False once a renewal failed or the lease ran out: the holder must stop writing. */
  held(): boolean;
  /** Throws when the lease is no longer held; call it before every write that ownership guards. */
  assertHeld(): void;
  /** Fires once, when the lease is lost. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export class LeaseLost extends Error {
  constructor(name: string, why?: string) {
    super(`The lease "${name}" was lost${why ? ` (${why})` : ""}: another instance may own this work now.`);
    this.name = "LeaseLost";
  }
}

function blobName(name: string): string {
  return `leases/${name}`;
}

/**
 * Takes the blob lease `name` for LEASE_SECONDS and keeps renewing it until released; null when
 * someone else holds it. A renewal that fails, or a process that stalls past the lease's end,
 * marks the lease lost before the holder's next write (`assertHeld`).
 */
export async function acquireLease(name: string, opts: { seconds?: number } = {}): Promise<Lease | null> {
  const seconds = opts.seconds ?? LEASE_SECONDS;
  const container = await leaseContainer();
  const blob = container.getBlockBlobClient(blobName(name));
  try {
    await blob.upload("", 0, { conditions: { ifNoneMatch: "*" } });
  } catch (err) {
    const e = err as { statusCode?: number };
    // 409: it exists (412 likewise); leased blobs refuse the write too. Either way: try the lease.
    if (e.statusCode !== 409 && e.statusCode !== 412) throw stateError(err);
  }
  const client = blob.getBlobLeaseClient();
  let acquiredAt = Date.now();
  try {
    await client.acquireLease(seconds);
  } catch (err) {
    const e = err as { statusCode?: number };
    if (e.statusCode === 409) return null; // LeaseAlreadyPresent
    throw stateError(err);
  }
  const controller = new AbortController();
  let expiresAt = acquiredAt + seconds * 1000;
  let released = false;
  const lose = (why?: string) => {
    if (!controller.signal.aborted) controller.abort(new LeaseLost(name, why));
    clearInterval(timer);
  };
  const timer = setInterval(
    async () => {
      if (released) return;
      if (Date.now() >= expiresAt) return lose("it ran out before a renewal");
      const started = Date.now();
      try {
        await client.renewLease();
        acquiredAt = started;
        expiresAt = started + seconds * 1000;
      } catch (err) {
        const e = err as { statusCode?: number };
        console.error(
          `[queuescope] lease "${name}": a renewal failed (${e.statusCode ?? (err as Error).message}); ${Math.max(0, expiresAt - Date.now())} ms left`,
        );
        // A definite refusal (someone else holds it, or it expired and was taken): lost now. A
        // silent store: keep trying until the lease would have run out anyway.
        if (e.statusCode === 409 || e.statusCode === 412 || Date.now() >= expiresAt)
          lose(`a renewal was refused: ${e.statusCode ?? (err as Error).message}`);
      }
    },
    // Renew when a third of the lease has passed, so one slow renewal cannot lose it.
    (seconds * 1000) / 3,
  );
  timer.unref();
  const held = () => !released && !controller.signal.aborted && Date.now() < expiresAt - 1000;
  return {
    name,
    id: client.leaseId,
    held,
    lost: controller.signal,
    assertHeld() {
      if (!held()) {
        lose("it ran out");
        throw new LeaseLost(name);
      }
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await client.releaseLease().catch(() => undefined); // it ends by itself within the lease period
    },
  };
}

/** True when nobody holds the lease `name` right now (a missing blob counts as free). */
export async function leaseIsFree(name: string): Promise<boolean> {
  const container = await leaseContainer();
  try {
    const props = await container.getBlockBlobClient(blobName(name)).getProperties();
    return props.leaseState !== "leased";
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return true;
    throw stateError(err);
  }
}

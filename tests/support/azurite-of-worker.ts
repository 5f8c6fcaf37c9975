// The Azurite the global setup started for this Vitest worker.
import { inject } from "vitest";

export function azuriteOfWorker(): { url: string; state: string } {
  const all = inject("azurites");
  return all[(Math.max(1, Number(process.env.VITEST_POOL_ID) || 1) - 1) % all.length]!;
}

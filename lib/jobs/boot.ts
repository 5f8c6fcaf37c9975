import "server-only";
import { toAppError } from "@/lib/azure/errors";
import { startSamplers, stopSamplers } from "@/lib/metrics/sampler";
import { pingState } from "@/lib/state/store";
import { startJobWorkers, stopLocalJobs, workersEnabled } from "./engine";
import { importLegacyJobs } from "./import-legacy";
import "./runner";

/**
 * Server start: the state store must answer (otherwise the start stops with why), then this
 * instance starts adopting jobs nobody runs and sampling the accounts it wins the lease of. On
 * SIGTERM its jobs and samplers hand their leases back, so a restarted or another instance takes
 * over without waiting for the lease to lapse.
 */
export async function bootJobs(): Promise<void> {
  try {
    await pingState();
    const imported = await importLegacyJobs();
    if (imported) console.log(`Queuescope: imported ${imported} jobs from .data/jobs.json into the state store.`);
  } catch (err) {
    console.error(`Queuescope: cannot start: ${toAppError(err).message}`);
    process.exit(1);
  }
  if (!workersEnabled()) {
    console.log("Queuescope: QUEUESCOPE_WORKERS=0, this instance runs no jobs and samples no account.");
    return;
  }
  startJobWorkers();
  startSamplers();
  // Next exits on its own signal handler unless NEXT_MANUAL_SIG_HANDLE is set (`npm start` sets
  // it): then this one runs to the end before the process exits.
  let stopping = false;
  const handOver = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([stopLocalJobs(), stopSamplers()]).finally(() => process.exit(0));
  };
  process.once("SIGTERM", handOver);
  process.once("SIGINT", handOver);
}

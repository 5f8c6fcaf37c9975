import "server-only";
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { StateConflict } from "@/lib/state/store";
import type { JobDto } from "@/lib/validation/jobs";
import { createJobRecord } from "./records";

/**
 * Jobs from before the state store (`.data/jobs.json`) are imported once: finished ones as they
 * were, running ones as interrupted (that version could not resume them). Keyed by their ids, so
 * a crash part-way and a second run import nothing twice; the file is then renamed `.imported`.
 */
export async function importLegacyJobs(
  dataDir = path.resolve(process.env.QUEUESCOPE_DATA_DIR || ".data"),
): Promise<number> {
  const file = path.join(dataDir, "jobs.json");
  if (!existsSync(file)) return 0;
  let jobs: JobDto[];
  try {
    jobs = JSON.parse(readFileSync(file, "utf8")) as JobDto[];
  } catch {
    jobs = [];
  }
  let imported = 0;
  for (const job of Array.isArray(jobs) ? jobs : []) {
    const ended: JobDto =
      job.state === "running"
        ? {
            ...job,
            state: "interrupted",
            finishedAt: job.finishedAt ?? new Date().toISOString(),
            note: "Stopped by the upgrade to the shared state store; start it again to finish.",
          }
        : job;
    try {
      await createJobRecord({ job: ended, input: undefined, cancelRequested: false, owner: null });
      imported++;
    } catch (err) {
      if (!(err instanceof StateConflict)) throw err;
    }
  }
  renameSync(file, `${file}.imported`);
  return imported;
}

import "server-only";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JobDto } from "@/lib/validation/jobs";

const KEEP_FINISHED = 200;

/**
 * Job state in one small JSON file under the data folder, written atomically (temp file, then
 * rename). A job found "running" when the file is loaded was cut off by a restart: it becomes
 * "interrupted", keeping its counts.
 */
export class JobStore {
  private jobs = new Map<string, JobDto>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly file: string) {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as JobDto[];
      for (const job of saved) {
        this.jobs.set(job.id, job.state === "running" ? { ...job, state: "interrupted", finishedAt: job.finishedAt ?? new Date().toISOString() } : job);
      }
    } catch {
      // no file yet, or unreadable: start empty
    }
  }

  list(): JobDto[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): JobDto | undefined {
    return this.jobs.get(id);
  }

  /** Saves a job; state changes are written at once, progress at most every 250 ms. */
  put(job: JobDto, urgent = false): void {
    this.jobs.set(job.id, job);
    if (urgent) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 250);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = this.list();
    const finished = all.filter((j) => j.state !== "running");
    const keep = all.filter((j) => j.state === "running" || finished.indexOf(j) < KEEP_FINISHED);
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(keep), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

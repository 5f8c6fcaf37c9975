// One shared Queuescope (embedded, seeded Azurite) for every spec that does not need its own.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { FINGERPRINT_ENV, ROOT, startQueuescope } from "./support/queuescope";
import { SHARED_DATA_DIR_ENV, SHARED_URL_ENV } from "./support/shared";

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  // start.ts builds first when the sources changed since the last build.
  const instance = await startQueuescope({ timeoutMs: 120_000 });
  // Playwright hands environment changes made here to every worker.
  process.env[SHARED_URL_ENV] = instance.url;
  process.env[SHARED_DATA_DIR_ENV] = instance.dataDir;
  // What start.ts stamped on the build it serves.
  process.env[FINGERPRINT_ENV] = readFileSync(path.join(ROOT, ".next", "queuescope-build-fingerprint"), "utf8");
  return async () => {
    await instance.stop();
  };
}

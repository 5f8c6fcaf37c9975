// Where the global setup leaves the shared instance for the workers.
import path from "node:path";
import { readFileSync } from "node:fs";
import type { QueuescopeLock } from "./queuescope";

export const SHARED_URL_ENV = "QUEUESCOPE_E2E_URL";
export const SHARED_DATA_DIR_ENV = "QUEUESCOPE_E2E_DATA_DIR";

export interface SharedInstance {
  url: string;
  dataDir: string;
  lock(): QueuescopeLock;
}

export function sharedInstance(): SharedInstance {
  const url = process.env[SHARED_URL_ENV];
  const dataDir = process.env[SHARED_DATA_DIR_ENV];
  if (!url || !dataDir)
    throw new Error(
      `${SHARED_URL_ENV} is not set: run the specs through playwright.config.ts (its globalSetup starts Queuescope).`,
    );
  return {
    url,
    dataDir,
    lock: () => JSON.parse(readFileSync(path.join(dataDir, "queuescope.lock.json"), "utf8")) as QueuescopeLock,
  };
}

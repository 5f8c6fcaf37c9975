// Real Azurites (queue, blob and table services, in memory, on free ports) for the whole
// integration run: one per Vitest worker, so a file that loads its emulator hard (thousands of
// requests, a flood) cannot starve the state store of the file running beside it.
import type { TestProject } from "vitest/node";
import { startAzurite, type AzuriteProcess } from "../../scripts/lib/azurite";

let azurites: AzuriteProcess[] = [];

export default async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  azurites = await Promise.all(Array.from({ length: workers }, () => startAzurite({ port: 0 })));
  project.provide(
    "azurites",
    azurites.map((a) => ({ url: a.accountUrl, state: a.stateConnectionString })),
  );
  return async () => {
    await Promise.all(azurites.map((a) => a.stop()));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Per worker (VITEST_POOL_ID − 1): its queue endpoint and its state store's connection string. */
    azurites: { url: string; state: string }[];
  }
}

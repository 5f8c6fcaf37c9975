// One real Azurite (queue, blob and table services, in memory, on free ports) for the whole integration run.
import type { TestProject } from "vitest/node";
import { startAzurite, type AzuriteProcess } from "../../scripts/lib/azurite";

let azurite: AzuriteProcess | undefined;

export default async function setup(project: TestProject) {
  azurite = await startAzurite({ port: 0 });
  project.provide("azuriteUrl", azurite.accountUrl);
  project.provide("stateConnectionString", azurite.stateConnectionString);
  return async () => {
    await azurite?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    azuriteUrl: string;
    stateConnectionString: string;
  }
}

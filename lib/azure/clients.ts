import "server-only";
import { DefaultAzureCredential } from "@azure/identity";
import {
  AnonymousCredential,
  QueueServiceClient,
  StorageSharedKeyCredential,
  type StoragePipelineOptions,
} from "@azure/storage-queue";
import type { AccountConfig } from "@/lib/config/accounts";

// Interactive requests: a couple of quick retries, never the SDK's default minutes-long backoff.
const INTERACTIVE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 30_000 },
  userAgentOptions: { userAgentPrefix: "queuescope" },
};
// Health probes: one short try, so an unreachable account shows within seconds.
const PROBE: StoragePipelineOptions = {
  retryOptions: { maxTries: 1, tryTimeoutInMs: 3_000 },
  userAgentOptions: { userAgentPrefix: "queuescope" },
};

// Background jobs: patient retries with backoff for transient faults (503 ServerBusy, 500, resets).
const JOB: StoragePipelineOptions = {
  retryOptions: { maxTries: 6, retryDelayInMs: 500, maxRetryDelayInMs: 10_000, tryTimeoutInMs: 30_000 },
  userAgentOptions: { userAgentPrefix: "queuescope-job" },
};
const OPTIONS = { interactive: INTERACTIVE, probe: PROBE, job: JOB };

export type ClientPurpose = keyof typeof OPTIONS;

const cache = globalThis as typeof globalThis & { __queuescopeClients?: Map<string, QueueServiceClient> };

function credentialFor(account: AccountConfig) {
  switch (account.auth.type) {
    case "shared-key":
      return new StorageSharedKeyCredential(account.auth.accountName, account.auth.accountKey);
    case "azure-identity":
      return new DefaultAzureCredential();
    case "sas":
      return new AnonymousCredential();
  }
}

function urlFor(account: AccountConfig): string {
  return account.auth.type === "sas" ? `${account.queueEndpoint}?${account.auth.sasToken}` : account.queueEndpoint;
}

/** One cached service client per account and purpose. */
export function getServiceClient(account: AccountConfig, purpose: ClientPurpose = "interactive"): QueueServiceClient {
  cache.__queuescopeClients ??= new Map();
  const key = `${purpose}:${account.id}`;
  let client = cache.__queuescopeClients.get(key);
  if (!client) {
    client = new QueueServiceClient(urlFor(account), credentialFor(account), OPTIONS[purpose]);
    cache.__queuescopeClients.set(key, client);
  }
  return client;
}

/** An uncached client for another endpoint of the same account (its secondary), one short try. */
export function clientForEndpoint(account: AccountConfig, endpoint: string): QueueServiceClient {
  const url = account.auth.type === "sas" ? `${endpoint}?${account.auth.sasToken}` : endpoint;
  return new QueueServiceClient(url, credentialFor(account), PROBE);
}

export function resetServiceClients(): void {
  cache.__queuescopeClients?.clear();
}

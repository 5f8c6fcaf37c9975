import "server-only";
import { DefaultAzureCredential } from "@azure/identity";
import {
  AnonymousCredential,
  newPipeline,
  QueueServiceClient,
  StorageSharedKeyCredential,
  type StoragePipelineOptions,
} from "@azure/storage-queue";
import type { AccountConfig } from "@/lib/config/accounts";
import { deadlinePolicy } from "./deadline";

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
// A job's sends: one try each. A send retried after no answer may leave a second copy, so the job
// retries sends itself (lib/jobs/retry.ts) and counts each such retry as a possible duplicate.
const JOB_SEND: StoragePipelineOptions = {
  retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 },
  userAgentOptions: { userAgentPrefix: "queuescope-job" },
};
const OPTIONS = { interactive: INTERACTIVE, probe: PROBE, job: JOB, jobSend: JOB_SEND };

/**
 * How long one call may take, retries included, before it is aborted on our side: a page or an
 * API answer within seconds (503 storage_unreachable), the health probe within 3 s, a job's call
 * long enough for the service's own 30 s operations.
 */
export const DEADLINE_MS: Record<ClientPurpose, number> = {
  interactive: 10_000,
  probe: 2_500,
  job: 45_000,
  jobSend: 45_000,
};

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

function pipelineFor(account: AccountConfig, purpose: ClientPurpose) {
  const pipeline = newPipeline(credentialFor(account), OPTIONS[purpose]);
  pipeline.factories.push(deadlinePolicy(deadlineMs(purpose)));
  return pipeline;
}

/** Tests shorten the deadlines (QUEUESCOPE_STORAGE_DEADLINE_MS) to keep silent-storage cases quick. */
function deadlineMs(purpose: ClientPurpose): number {
  const override = Number(process.env.QUEUESCOPE_STORAGE_DEADLINE_MS);
  return override > 0 ? Math.min(override, DEADLINE_MS[purpose]) : DEADLINE_MS[purpose];
}

/** One cached service client per account and purpose. */
export function getServiceClient(account: AccountConfig, purpose: ClientPurpose = "interactive"): QueueServiceClient {
  cache.__queuescopeClients ??= new Map();
  const key = `${purpose}:${account.id}`;
  let client = cache.__queuescopeClients.get(key);
  if (!client) {
    client = new QueueServiceClient(urlFor(account), pipelineFor(account, purpose));
    cache.__queuescopeClients.set(key, client);
  }
  return client;
}

/** An uncached client for another endpoint of the same account (its secondary), one short try. */
export function clientForEndpoint(account: AccountConfig, endpoint: string): QueueServiceClient {
  const url = account.auth.type === "sas" ? `${endpoint}?${account.auth.sasToken}` : endpoint;
  return new QueueServiceClient(url, pipelineFor(account, "probe"));
}

export function resetServiceClients(): void {
  cache.__queuescopeClients?.clear();
}

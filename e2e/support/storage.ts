// Direct access to the emulator behind an instance, for arranging data the UI then has to show.
import { randomBytes } from "node:crypto";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../lib/config/accounts";
import { startAzurite, type AzuriteProcess } from "../../scripts/lib/azurite";

export { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME };

export function emulatorService(accountUrl: string): QueueServiceClient {
  return new QueueServiceClient(
    accountUrl,
    new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY),
    {
      retryOptions: { maxTries: 2, tryTimeoutInMs: 10_000 },
    },
  );
}

/** A queue name no other test (or earlier run) uses. */
export function uniqueQueueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A bare, in-memory Azurite queue service on a port the OS picks. */
export function startBareAzurite(): Promise<AzuriteProcess> {
  return startAzurite({ port: 0 });
}

/** The queue endpoint the dashboard itself uses for an account, as GET /api/accounts reports it. */
export async function queueEndpointOf(appUrl: string, accountId: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/accounts`);
  if (!res.ok) throw new Error(`GET /api/accounts answered ${res.status}`);
  const { accounts } = (await res.json()) as { accounts: { id: string; queueEndpoint: string }[] };
  const account = accounts.find((a) => a.id === accountId);
  if (!account) throw new Error(`no account "${accountId}" in GET /api/accounts`);
  return account.queueEndpoint;
}

import "server-only";
import {
  QueueSASPermissions,
  type ServiceListQueuesSegmentResponse,
  type SignedIdentifier,
} from "@azure/storage-queue";
import { AppError } from "@/lib/api/error-codes";
import type { AccountConfig } from "@/lib/config/accounts";
import type {
  AccessPolicy,
  ListQueuesQuery,
  Metadata,
  QueueDetail,
  QueueListPage,
  QueueSummary,
  SasRequest,
} from "@/lib/validation/queues";
import { mapLimit } from "@/lib/util/map-limit";
import { getServiceClient } from "./clients";
import { storageCall, toAppError } from "./errors";
import { parseQueueListXml, unparsedListBody } from "./queue-list-xml";

// Get Queue Properties is the only way to learn a count; this bounds the fan-out per listing.
const COUNT_CONCURRENCY = 128;

/** One page of queues (the service returns at most 5,000), optionally with approximate counts. */
export async function listQueues(account: AccountConfig, query: ListQueuesQuery): Promise<QueueListPage> {
  const page = await storageCall(() =>
    listPage(account, { prefix: query.prefix, marker: query.cursor, pageSize: query.pageSize ?? 5000 }),
  );
  if (query.counts) await fillCounts(account, page.queues);
  return { queues: page.queues, nextCursor: page.next ?? null };
}

/**
 * One List Queues page that survives any metadata another tool wrote: when the SDK cannot parse
 * the answer, the raw XML is read instead; names the SDK renamed ("__toString") are checked.
 */
async function listPage(
  account: AccountConfig,
  opts: { prefix?: string; marker?: string; pageSize: number },
): Promise<{ queues: QueueSummary[]; next: string | undefined }> {
  const service = getServiceClient(account);
  let value: ServiceListQueuesSegmentResponse | undefined;
  try {
    ({ value } = await service
      .listQueues({ prefix: opts.prefix || undefined, includeMetadata: true })
      .byPage({ continuationToken: opts.marker || undefined, maxPageSize: opts.pageSize })
      .next());
  } catch (err) {
    const raw = unparsedListBody(err);
    if (raw === undefined) throw err;
    return parseQueueListXml(raw);
  }
  const queues: QueueSummary[] = (value?.queueItems ?? []).map((q) => ({
    name: q.name,
    metadata: plainMetadata(q.metadata),
  }));
  await mapLimit(
    queues.filter((q) => Object.keys(q.metadata).some((k) => RENAMED.test(k))),
    COUNT_CONCURRENCY,
    (q) => restoreRenamed(account, q),
  );
  return { queues, next: value?.continuationToken || undefined };
}

// The SDK's XML parser writes these metadata names with "__" in front; a name that really starts
// with "__" looks the same, so the queue's own properties (metadata as headers) decide.
const RENAMED =
  /^__(hasOwnProperty|toString|valueOf|__defineGetter__|__defineSetter__|__lookupGetter__|__lookupSetter__)$/;

async function restoreRenamed(account: AccountConfig, queue: QueueSummary): Promise<void> {
  let stored: Record<string, string>;
  try {
    stored = plainMetadata((await getServiceClient(account).getQueueClient(queue.name).getProperties()).metadata);
  } catch {
    return; // deleted since the listing, or unreadable: shown as listed
  }
  const entries = Object.entries(queue.metadata).map(([k, v]): [string, string] =>
    RENAMED.test(k) && !Object.hasOwn(stored, k.toLowerCase()) ? [k.slice(2), v] : [k, v],
  );
  queue.metadata = Object.fromEntries(entries);
}

// Azurite reports a queue without metadata as "" rather than leaving the field out.
function plainMetadata(metadata: unknown): Record<string, string> {
  return metadata && typeof metadata === "object" ? { ...(metadata as Record<string, string>) } : {};
}

async function countOf(account: AccountConfig, name: string): Promise<number | undefined> {
  try {
    const props = await getServiceClient(account).getQueueClient(name).getProperties();
    return props.approximateMessagesCount ?? 0;
  } catch (err) {
    // A queue deleted between the listing and its count is simply left without one.
    const mapped = toAppError(err);
    if (mapped.code !== "queue_not_found") throw mapped;
    return undefined;
  }
}

async function fillCounts(account: AccountConfig, queues: QueueSummary[]): Promise<void> {
  await mapLimit(queues, COUNT_CONCURRENCY, async (q) => {
    const count = await countOf(account, q.name);
    if (count !== undefined) q.approximateMessagesCount = count;
  });
}

export interface ListingSink {
  queues(page: QueueSummary[]): void;
  counts(batch: Record<string, number>): void;
}

const COUNT_FLUSH_MS = 100;
const COUNT_FLUSH_SIZE = 250;

/**
 * Lists every queue (following continuation tokens) and reports each page of names as soon as
 * it arrives, while a bounded pool counts messages, one Get Queue Properties per queue.
 */
export async function listAllQueuesProgressively(
  account: AccountConfig,
  opts: { prefix?: string; signal?: AbortSignal; shouldCount?: (name: string) => boolean },
  sink: ListingSink,
): Promise<number> {
  let listedCount = 0;
  const names: string[] = [];
  let next = 0;
  let listed = false;
  let failure: unknown;
  let waiting: (() => void)[] = [];
  const wake = () => {
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve();
  };
  let batch: Record<string, number> = {};
  let batchSize = 0;
  const flush = () => {
    if (batchSize === 0) return;
    sink.counts(batch);
    batch = {};
    batchSize = 0;
  };
  const timer = setInterval(flush, COUNT_FLUSH_MS);
  const stopped = () => failure !== undefined || opts.signal?.aborted === true;

  const worker = async () => {
    while (!stopped()) {
      if (next < names.length) {
        const name = names[next++]!;
        try {
          const count = await countOf(account, name);
          if (count === undefined) continue;
          batch[name] = count;
          if (++batchSize >= COUNT_FLUSH_SIZE) flush();
        } catch (err) {
          failure ??= err;
          wake();
        }
      } else if (listed) {
        return;
      } else {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    }
  };
  const workers = Array.from({ length: COUNT_CONCURRENCY }, worker);

  try {
    let marker: string | undefined;
    do {
      if (stopped()) break;
      const page = await listPage(account, { prefix: opts.prefix, marker, pageSize: 5000 });
      sink.queues(page.queues);
      listedCount += page.queues.length;
      for (const q of page.queues) if (opts.shouldCount?.(q.name) ?? true) names.push(q.name);
      wake();
      marker = page.next;
    } while (marker);
  } catch (err) {
    failure ??= err;
  } finally {
    listed = true;
    wake();
    await Promise.all(workers);
    clearInterval(timer);
  }
  if (failure !== undefined) throw toAppError(failure);
  flush();
  return listedCount;
}

export async function getQueue(account: AccountConfig, name: string): Promise<QueueDetail> {
  const props = await storageCall(() => getServiceClient(account).getQueueClient(name).getProperties());
  return {
    name,
    metadata: plainMetadata(props.metadata),
    approximateMessagesCount: props.approximateMessagesCount ?? 0,
  };
}

export async function createQueue(account: AccountConfig, name: string, metadata: Metadata = {}): Promise<QueueDetail> {
  const res = await storageCall(() => getServiceClient(account).getQueueClient(name).create({ metadata }));
  // The service answers 204 (not 409) when the queue exists with identical metadata.
  if (res._response.status === 204)
    throw new AppError("queue_already_exists", `A queue named "${name}" already exists.`);
  return { name, metadata, approximateMessagesCount: 0 };
}

export async function deleteQueue(account: AccountConfig, name: string): Promise<void> {
  await storageCall(() => getServiceClient(account).getQueueClient(name).delete());
}

export async function setQueueMetadata(account: AccountConfig, name: string, metadata: Metadata): Promise<QueueDetail> {
  const queue = getServiceClient(account).getQueueClient(name);
  await storageCall(() => queue.setMetadata(metadata));
  return getQueue(account, name);
}

export async function getAccessPolicies(account: AccountConfig, name: string): Promise<AccessPolicy[]> {
  const res = await storageCall(() => getServiceClient(account).getQueueClient(name).getAccessPolicy());
  return res.signedIdentifiers.map((s) => ({
    id: s.id,
    ...(s.accessPolicy?.startsOn ? { start: new Date(s.accessPolicy.startsOn).toISOString() } : {}),
    ...(s.accessPolicy?.expiresOn ? { expiry: new Date(s.accessPolicy.expiresOn).toISOString() } : {}),
    permissions: s.accessPolicy?.permissions ?? "",
  }));
}

/** Replaces the whole set of stored access policies, as the service requires. */
export async function setAccessPolicies(
  account: AccountConfig,
  name: string,
  policies: AccessPolicy[],
): Promise<AccessPolicy[]> {
  const identifiers: SignedIdentifier[] = policies.map((p) => ({
    id: p.id,
    accessPolicy: {
      ...(p.start ? { startsOn: new Date(p.start) } : {}),
      ...(p.expiry ? { expiresOn: new Date(p.expiry) } : {}),
      permissions: p.permissions,
    },
  }));
  await storageCall(() => getServiceClient(account).getQueueClient(name).setAccessPolicy(identifiers));
  return getAccessPolicies(account, name);
}

/** Signs a queue SAS URL with the account key. Never logged; returned once to the caller. */
export async function createQueueSas(
  account: AccountConfig,
  name: string,
  req: SasRequest,
): Promise<{ url: string; expiresOn: string | null }> {
  if (account.auth.type !== "shared-key") {
    throw new AppError(
      "not_available",
      "This account is not configured with a shared key, so Queuescope cannot sign a SAS for it.",
    );
  }
  const queue = getServiceClient(account).getQueueClient(name);
  if (req.policyId) {
    const ids = (await getAccessPolicies(account, name)).map((p) => p.id);
    if (!ids.includes(req.policyId))
      throw new AppError("validation_failed", `The queue has no stored access policy "${req.policyId}".`);
  } else {
    await storageCall(() => queue.getProperties());
  }
  const url = queue.generateSasUrl({
    ...(req.permissions ? { permissions: QueueSASPermissions.parse(req.permissions) } : {}),
    ...(req.expiresOn ? { expiresOn: new Date(req.expiresOn) } : {}),
    ...(req.policyId ? { identifier: req.policyId } : {}),
  });
  return { url, expiresOn: req.expiresOn ?? null };
}

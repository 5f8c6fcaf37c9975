import "server-only";
import type { ServiceListQueuesSegmentResponse } from "@azure/storage-queue";
import type { AccountConfig } from "@/lib/config/accounts";
import type { ListQueuesQuery, QueueListPage, QueueSummary } from "@/lib/validation/queues";
import { mapLimit } from "@/lib/util/map-limit";
import { getServiceClient } from "./clients";
import { storageCall, toAppError } from "./errors";

// Get Queue Properties is the only way to learn a count; this bounds the fan-out per listing.
const COUNT_CONCURRENCY = 32;

/** One page of queues (the service returns at most 5,000), optionally with approximate counts. */
export async function listQueues(account: AccountConfig, query: ListQueuesQuery): Promise<QueueListPage> {
  const service = getServiceClient(account);
  const page = await storageCall(async (): Promise<ServiceListQueuesSegmentResponse | undefined> => {
    const iterator = service
      .listQueues({ prefix: query.prefix || undefined, includeMetadata: true })
      .byPage({ continuationToken: query.cursor || undefined, maxPageSize: query.pageSize ?? 5000 });
    const { value } = await iterator.next();
    return value;
  });
  const queues: QueueSummary[] = (page?.queueItems ?? []).map((q) => ({ name: q.name, metadata: plainMetadata(q.metadata) }));
  if (query.counts) await fillCounts(account, queues);
  return { queues, nextCursor: page?.continuationToken || null };
}

// Azurite reports a queue without metadata as "" rather than leaving the field out.
function plainMetadata(metadata: unknown): Record<string, string> {
  return metadata && typeof metadata === "object" ? { ...(metadata as Record<string, string>) } : {};
}

async function fillCounts(account: AccountConfig, queues: QueueSummary[]): Promise<void> {
  const service = getServiceClient(account);
  await mapLimit(queues, COUNT_CONCURRENCY, async (q) => {
    try {
      const props = await service.getQueueClient(q.name).getProperties();
      q.approximateMessagesCount = props.approximateMessagesCount ?? 0;
    } catch (err) {
      // A queue deleted between the listing and its count is simply left without one.
      const mapped = toAppError(err);
      if (mapped.code !== "queue_not_found") throw mapped;
    }
  });
}

// Sample rounds built the way the sampler builds them, from real Azurite queues read through
// lib/azure (counts from Get Queue Properties, the oldest age from a one-message peek), at a time
// the test chooses, so minutes of alert history pass without waiting. No test-runner imports: the
// e2e round publisher runs it as a plain script.
import { getAccountConfig } from "@/lib/azure/accounts";
import { approximateCount } from "@/lib/azure/batches";
import { peekMessages } from "@/lib/azure/messages";
import { listQueues } from "@/lib/azure/queues";
import type { SampleRound } from "@/lib/metrics/round";

export async function readRound(
  prefix: string,
  at: Date,
  intervalSeconds = 5,
  account = "local",
): Promise<SampleRound> {
  const config = getAccountConfig(account);
  const { queues } = await listQueues(config, {
    prefix,
    pageSize: 5000,
    counts: false,
    stream: false,
    unsampled: false,
  });
  const sampled = await Promise.all(
    queues.map(async (q) => {
      const count = await approximateCount(config, q.name);
      const [oldest] = count > 0 ? await peekMessages(config, q.name, 1) : [];
      const oldestAgeSeconds = oldest
        ? Math.max(0, Math.round((at.getTime() - Date.parse(oldest.insertedOn)) / 1000))
        : null;
      return { name: q.name, count, oldestAgeSeconds };
    }),
  );
  return { account, at, intervalSeconds, queues: sampled };
}

import { ndjsonResponse } from "@/lib/api/ndjson";
import { route } from "@/lib/api/route";
import { createQueue, listAllQueuesProgressively, listQueues } from "@/lib/azure/queues";
import { latestSamplesLookup, withLatestSamples } from "@/lib/metrics/history";
import { createQueueSchema, listQueuesQuerySchema } from "@/lib/validation/queues";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const account = ctx.account();
  const query = ctx.query(listQueuesQuerySchema);
  if (!query.stream) {
    const page = await listQueues(account, query);
    return Response.json({ ...page, queues: await withLatestSamples(account, page.queues) });
  }
  return ndjsonResponse(async (write, gone) => {
    const latest = await latestSamplesLookup(account);
    const unsampled = new Set<string>();
    const shouldCount = query.unsampled ? (name: string) => unsampled.has(name) : undefined;
    const total = await listAllQueuesProgressively(
      account,
      { prefix: query.prefix, signal: AbortSignal.any([ctx.req.signal, gone]), shouldCount },
      {
        queues: (queues) => {
          const sampled = queues.map(latest);
          for (const q of sampled) if (!q.sampledAt) unsampled.add(q.name);
          write({ type: "queues", queues: sampled });
        },
        counts: (counts) => write({ type: "counts", counts }),
      },
    );
    write({ type: "done", total });
  });
});

export const POST = route({ role: "admin", action: "queue.create" }, async (ctx) => {
  const account = ctx.account();
  const { name, metadata } = await ctx.body(createQueueSchema);
  ctx.audit({ queue: name, params: { name, metadataKeys: Object.keys(metadata ?? {}) } });
  return Response.json(await createQueue(account, name, metadata), { status: 201 });
});

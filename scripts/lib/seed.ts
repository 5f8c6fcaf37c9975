// The demo data set the embedded emulator gets the first time it starts.
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../lib/config/accounts";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function order(i: number) {
  return JSON.stringify({
    orderId: `ord-${1000 + i}`,
    customer: `customer-${i % 7}`,
    total: Math.round(i * 1234.5) / 100,
    currency: "EUR",
    items: (i % 4) + 1,
  });
}

export interface DemoQueue {
  name: string;
  metadata?: Record<string, string>;
  messages: string[];
}

export const DEMO_QUEUES: DemoQueue[] = [
  {
    name: "orders",
    metadata: { team: "checkout", owner: "ops" },
    messages: Array.from({ length: 12 }, (_, i) => order(i)),
  },
  // Azure Functions writes queue messages (and moves failed ones to <queue>-poison) as base64.
  {
    name: "orders-poison",
    metadata: { team: "checkout" },
    messages: Array.from({ length: 5 }, (_, i) => b64(order(100 + i))),
  },
  { name: "emails", messages: ["Welcome email for user 42", "Password reset for user 7", "test"] },
  {
    name: "thumbnails",
    messages: [
      '<?xml version="1.0"?><job><blob>images/cat.png</blob><size w="128" h="128"/></job>',
      b64("resize images/dog.jpg to 256x256"),
    ],
  },
  { name: "audit-events", metadata: { retention: "30d" }, messages: [] },
];

export async function seedDemo(accountUrl: string, queues: DemoQueue[] = DEMO_QUEUES): Promise<void> {
  const service = new QueueServiceClient(
    accountUrl,
    new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY),
  );
  for (const q of queues) {
    const client = service.getQueueClient(q.name);
    await client.createIfNotExists({ metadata: q.metadata });
    for (const text of q.messages) await client.sendMessage(text);
  }
}

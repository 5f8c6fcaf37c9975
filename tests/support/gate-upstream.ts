// A stand-in for a busy Next server behind the gate, as a process of its own (so it can be killed
// with -9). Every `/api/peek` reads one message from the real Azurite and then holds the event loop
// for BUSY_MS, as a loaded Next does: it serves one request at a time and takes new connections
// from the accept queue only in between. Prints `upstream listening on <port>`.
import { createHash } from "node:crypto";
import http from "node:http";
import { QueueClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../lib/config/accounts";

const BUSY_MS = Number(process.env.BUSY_MS ?? 30);
const queue = new QueueClient(
  `${process.env.AZURITE_URL}/${process.env.QUEUE}`,
  new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY),
);
/** Streams waiting for `/release` before they send their last lines. */
const held: (() => void)[] = [];
let aborted = 0;

function json(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const url = req.url ?? "";
  if (url === "/api/peek") {
    const { peekedMessageItems } = await queue.peekMessages();
    const until = Date.now() + BUSY_MS;
    while (Date.now() < until); // the CPU-bound part of a real answer (rendering, serialising)
    return json(res, { messages: peekedMessageItems.map((m) => m.messageText) });
  }
  if (url === "/upload") {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of req) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return json(res, { bytes, sha256: hash.digest("hex") });
  }
  if (url === "/stream") {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.write(`${JSON.stringify({ line: 1 })}\n`);
    res.on("close", () => {
      if (!res.writableFinished) aborted++;
    });
    held.push(() => {
      for (let line = 2; line <= 5; line++) res.write(`${JSON.stringify({ line })}\n`);
      res.end();
    });
    return;
  }
  if (url === "/release") {
    for (const release of held.splice(0)) release();
    return json(res, { released: true });
  }
  if (url === "/aborted") return json(res, { aborted });
  if (url === "/hang") return; // never answers: the test kills this process meanwhile
  // Anything else: what arrived, as it arrived.
  json(res, { method: req.method, url, headers: req.headers });
});
server.listen({ port: 0, host: "127.0.0.1", backlog: 511 }, () => {
  console.log(`upstream listening on ${(server.address() as { port: number }).port}`);
});

import "server-only";
import { Readable } from "node:stream";
import { leaseContainer, stateError } from "./store";

/**
 * Larger job data in the state store's container: a bulk send's messages (too big for a table
 * row) and export files, so any instance can run the job or serve the download.
 */
export async function putText(name: string, text: string): Promise<void> {
  const container = await leaseContainer();
  try {
    await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  } catch (err) {
    throw stateError(err);
  }
}

export async function getText(name: string): Promise<string | null> {
  const container = await leaseContainer();
  try {
    return (await container.getBlockBlobClient(name).downloadToBuffer()).toString("utf8");
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw stateError(err);
  }
}

export async function deleteBlob(name: string): Promise<void> {
  const container = await leaseContainer();
  await container
    .getBlockBlobClient(name)
    .deleteIfExists()
    .catch((err) => {
      throw stateError(err);
    });
}

/** An append blob written a block at a time (each at most 4 MiB). */
export async function createAppendable(name: string): Promise<(chunk: string) => Promise<void>> {
  const container = await leaseContainer();
  const blob = container.getAppendBlobClient(name);
  try {
    await blob.createIfNotExists();
  } catch (err) {
    throw stateError(err);
  }
  return async (chunk) => {
    if (!chunk) return;
    const bytes = Buffer.from(chunk, "utf8");
    for (let at = 0; at < bytes.length; at += 4 * 1024 * 1024) {
      const part = bytes.subarray(at, at + 4 * 1024 * 1024);
      try {
        await blob.appendBlock(part, part.length);
      } catch (err) {
        throw stateError(err);
      }
    }
  };
}

/** A blob as a web stream (downloads), or null when there is none. */
export async function readStream(name: string): Promise<ReadableStream | null> {
  const container = await leaseContainer();
  try {
    const res = await container.getBlobClient(name).download();
    return Readable.toWeb(res.readableStreamBody as Readable) as ReadableStream;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw stateError(err);
  }
}

import "server-only";
import {
  getRecord,
  insertRecord,
  replaceRecord,
  StateConflict,
  deleteRecord,
  type StateEntity,
  type StoredEntity,
  type TableName,
} from "./store";

/** Enough for a few instances writing one record at once; beyond that the store is the bottleneck anyway. */
const MAX_ATTEMPTS = 20;

export type RecordFields = Omit<StateEntity, "partitionKey" | "rowKey">;

/**
 * Read-modify-write of one record, guarded by its ETag and retried when another writer got there
 * first: counters and small lists that several instances change at once. `change` gets the current
 * fields (null when absent) and answers the new fields, `null` to delete, or `undefined` to leave
 * it as it is. Resolves with what was written (or left).
 */
export async function updateRecord<T extends RecordFields>(
  name: TableName,
  partitionKey: string,
  rowKey: string,
  change: (current: StoredEntity<T> | null) => T | null | undefined,
): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    const current = await getRecord<T>(name, partitionKey, rowKey);
    const next = change(current);
    if (next === undefined) return current;
    try {
      if (next === null) {
        if (current) await deleteRecord(name, partitionKey, rowKey, current.etag);
      } else if (current) {
        await replaceRecord(name, { ...next, partitionKey, rowKey }, current.etag);
      } else {
        await insertRecord(name, { ...next, partitionKey, rowKey });
      }
      return next;
    } catch (err) {
      if (!(err instanceof StateConflict) || attempt >= MAX_ATTEMPTS) throw err;
      // Someone else wrote in between: back off a little (jittered) and re-read.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    }
  }
}

/** Creates the record unless it exists; either way answers the stored one (two instances agree on the first). */
export async function insertIfAbsent<T extends RecordFields>(
  name: TableName,
  partitionKey: string,
  rowKey: string,
  fields: T,
): Promise<StoredEntity<T>> {
  for (let attempt = 0; ; attempt++) {
    const existing = await getRecord<T>(name, partitionKey, rowKey);
    if (existing) return existing;
    try {
      const etag = await insertRecord(name, { ...fields, partitionKey, rowKey });
      return { ...fields, partitionKey, rowKey, etag };
    } catch (err) {
      // Lost the race: the winner's record is read on the next turn (a delete in between: try again).
      if (!(err instanceof StateConflict) || attempt >= 3) throw err;
    }
  }
}

import "server-only";
import {
  odata,
  TableClient,
  TableServiceClient,
  type TableEntity,
  type TableEntityResult,
  type TableTransaction as SdkTransaction,
} from "@azure/data-tables";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { BlobServiceClient, newPipeline, type ContainerClient } from "@azure/storage-blob";
import { DefaultAzureCredential } from "@azure/identity";
import { AppError } from "@/lib/api/error-codes";
import { deadlinePolicy, underDeadline } from "@/lib/azure/deadline";
import { redact } from "@/lib/azure/errors";
import { TRANSACTION_ACTIONS } from "@/lib/util/sampling-limits";
import { stateConfig, type StateConfig } from "./config";

/** Every record kind Queuescope keeps; each is one table named `<prefix><kind>`. */
export type TableName =
  | "jobs"
  | "locks"
  | "audit"
  | "users"
  | "sessions"
  | "limits"
  | "settings"
  | "tokens"
  | "alertrules"
  | "alerts"
  | "samples";

/** A stored record: its keys, its ETag, and plain string/number/boolean fields. */
export type StateEntity = TableEntity<Record<string, string | number | boolean | null | undefined>>;
export type StoredEntity<T extends object = Record<string, unknown>> = T & {
  partitionKey: string;
  rowKey: string;
  etag: string;
};

const CALL_DEADLINE_MS = 8_000;

/** Thrown by conditional writes: someone else wrote (412) or created (409) the record first. */
export class StateConflict extends Error {
  constructor(readonly kind: "changed" | "exists" | "missing") {
    super(`state record ${kind}`);
    this.name = "StateConflict";
  }
}

interface Clients {
  config: StateConfig;
  service: TableServiceClient;
  tables: Map<TableName, TableClient>;
  ready: Map<TableName, Promise<void>>;
  container: ContainerClient;
  containerReady?: Promise<void>;
}

const cache = globalThis as typeof globalThis & { __queuescopeState?: Clients };

function deadline(): PipelinePolicy {
  return {
    name: "queuescopeDeadline",
    sendRequest: (req, next) =>
      underDeadline(req.abortSignal as AbortSignal | undefined, CALL_DEADLINE_MS, (signal) => {
        req.abortSignal = signal;
        return next(req);
      }),
  };
}

const TABLE_OPTIONS = {
  allowInsecureConnection: true,
  retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 },
  additionalPolicies: [{ policy: deadline(), position: "perCall" as const }],
};
const BLOB_OPTIONS = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 } };

function connect(config: StateConfig): Clients {
  let service: TableServiceClient;
  let url: string;
  let credential: Parameters<typeof newPipeline>[0];
  if (config.connectionString) {
    service = TableServiceClient.fromConnectionString(config.connectionString, TABLE_OPTIONS);
    ({ url, credential } = BlobServiceClient.fromConnectionString(config.connectionString));
  } else {
    const identity = new DefaultAzureCredential();
    service = new TableServiceClient(config.tableUrl!, identity, TABLE_OPTIONS);
    [url, credential] = [config.blobUrl!, identity];
  }
  // Blob calls get the same client-side deadline as queue calls. The policy must be in the pipeline
  // before the first client is built from it: the SDK converts (and caches) the pipeline then.
  const pipeline = newPipeline(credential, BLOB_OPTIONS);
  pipeline.factories.push(deadlinePolicy(CALL_DEADLINE_MS));
  const blobs = new BlobServiceClient(url, pipeline);
  return { config, service, tables: new Map(), ready: new Map(), container: blobs.getContainerClient(config.prefix) };
}

function clients(): Clients {
  const config = stateConfig();
  const hit = cache.__queuescopeState;
  if (hit && hit.config.key === config.key) return hit;
  return (cache.__queuescopeState = connect(config));
}

/** Drops cached clients (tests point the store elsewhere between files). */
export function resetStateClients(): void {
  cache.__queuescopeState = undefined;
}

interface SdkError {
  statusCode?: number;
  code?: string;
  name?: string;
  message?: string;
}

/** Maps what the table and blob SDKs throw: conflicts stay conflicts, everything else is "state unavailable". */
export function stateError(err: unknown): Error {
  if (err instanceof StateConflict || err instanceof AppError) return err;
  const e = (err ?? {}) as SdkError;
  if (e.statusCode === 412) return new StateConflict("changed");
  if (
    e.statusCode === 409 &&
    (e.code === "EntityAlreadyExists" || e.code === "BlobAlreadyExists" || e.code === undefined)
  )
    return new StateConflict("exists");
  if (e.statusCode === 404 && e.code !== "TableNotFound" && e.code !== "ContainerNotFound")
    return new StateConflict("missing");
  const why =
    e.statusCode === 401 || e.statusCode === 403
      ? "refused the credential"
      : e.statusCode
        ? `answered ${e.statusCode} ${e.code ?? ""}`.trim()
        : "did not answer";
  return new AppError(
    "state_unavailable",
    `Queuescope's state store ${why}. Check QUEUESCOPE_STATE_CONNECTION_STRING (or the embedded emulator) and try again.`,
    {
      cause: redact(e.code ?? e.name ?? "error"),
      // Lets a job loop tell a busy store (5xx, no answer: retried) from a refusal (401/403: not).
      ...(e.statusCode ? { status: e.statusCode } : {}),
    },
  );
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw stateError(err);
  }
}

async function table(name: TableName): Promise<TableClient> {
  const c = clients();
  let client = c.tables.get(name);
  if (!client) {
    client = c.config.connectionString
      ? TableClient.fromConnectionString(c.config.connectionString, `${c.config.prefix}${name}`, TABLE_OPTIONS)
      : new TableClient(c.config.tableUrl!, `${c.config.prefix}${name}`, new DefaultAzureCredential(), TABLE_OPTIONS);
    c.tables.set(name, client);
  }
  let ready = c.ready.get(name);
  if (!ready) {
    const tc = client;
    ready = guarded(() => c.service.createTable(tc.tableName)).catch((err) => {
      c.ready.delete(name); // try again on the next call
      throw err;
    });
    c.ready.set(name, ready);
  }
  await ready;
  return client;
}

/** The blob container that holds leases (created on first use). */
export async function leaseContainer(): Promise<ContainerClient> {
  const c = clients();
  c.containerReady ??= guarded(async () => void (await c.container.createIfNotExists())).catch((err) => {
    c.containerReady = undefined;
    throw err;
  });
  await c.containerReady;
  return c.container;
}

function withEtag<T extends object>(e: TableEntityResult<Record<string, unknown>>): StoredEntity<T> {
  const {
    etag,
    partitionKey,
    rowKey,
    timestamp: _t,
    "odata.metadata": _m,
    ...rest
  } = e as TableEntityResult<Record<string, unknown>> & { "odata.metadata"?: unknown };
  return { ...(rest as T), partitionKey: partitionKey!, rowKey: rowKey!, etag: etag! };
}

export async function getRecord<T extends object>(
  name: TableName,
  partitionKey: string,
  rowKey: string,
): Promise<StoredEntity<T> | null> {
  const t = await table(name);
  try {
    return withEtag<T>(await t.getEntity(partitionKey, rowKey));
  } catch (err) {
    const mapped = stateError(err);
    if (mapped instanceof StateConflict && mapped.kind === "missing") return null;
    throw mapped;
  }
}

/** Creates a record; StateConflict("exists") when it is there already. */
export async function insertRecord(name: TableName, entity: StateEntity): Promise<string> {
  const t = await table(name);
  return guarded(async () => (await t.createEntity(entity)).etag!);
}

/** Replaces a record only if it still has `etag` ("*" for any); StateConflict("changed") otherwise. */
export async function replaceRecord(name: TableName, entity: StateEntity, etag: string): Promise<string> {
  const t = await table(name);
  return guarded(async () => (await t.updateEntity(entity, "Replace", { etag })).etag!);
}

/** Merges fields into a record only if it still has `etag`. */
export async function mergeRecord(name: TableName, entity: StateEntity, etag: string): Promise<string> {
  const t = await table(name);
  return guarded(async () => (await t.updateEntity(entity, "Merge", { etag })).etag!);
}

export async function upsertRecord(name: TableName, entity: StateEntity): Promise<string> {
  const t = await table(name);
  return guarded(async () => (await t.upsertEntity(entity, "Replace")).etag!);
}

/** Deletes a record (only if it still has `etag`, when given); a missing record is not an error. */
export async function deleteRecord(name: TableName, partitionKey: string, rowKey: string, etag = "*"): Promise<void> {
  const t = await table(name);
  try {
    await t.deleteEntity(partitionKey, rowKey, { etag });
  } catch (err) {
    const mapped = stateError(err);
    if (mapped instanceof StateConflict && mapped.kind === "missing") return;
    throw mapped;
  }
}

export interface QueryOptions {
  partitionKey?: string;
  /** Extra OData filter, built with `odata` so values are escaped. */
  filter?: string;
  /** Stop after this many records. */
  limit?: number;
}

/**
 * Visits records in key order (partition, then row) a service page at a time, until `visit`
 * answers false: a reader that needs the first few matches never pulls the rest.
 */
export async function scanRecords<T extends object>(
  name: TableName,
  opts: Omit<QueryOptions, "limit"> & { pageSize?: number },
  visit: (record: StoredEntity<T>) => boolean,
): Promise<void> {
  const t = await table(name);
  const parts = [
    opts.partitionKey !== undefined ? odata`PartitionKey eq ${opts.partitionKey}` : "",
    opts.filter ?? "",
  ].filter(Boolean);
  await guarded(async () => {
    const pages = t
      .listEntities<Record<string, unknown>>({
        queryOptions: parts.length ? { filter: parts.map((p) => `(${p})`).join(" and ") } : {},
      })
      .byPage({ maxPageSize: Math.min(1000, Math.max(1, opts.pageSize ?? 1000)) });
    for await (const page of pages) {
      for (const e of page) if (!visit(withEtag<T>(e))) return;
    }
  });
}

/** Records in key order (partition, then row), at most `limit`. */
export async function queryRecords<T extends object>(
  name: TableName,
  opts: QueryOptions = {},
): Promise<StoredEntity<T>[]> {
  const out: StoredEntity<T>[] = [];
  await scanRecords<T>(name, { ...opts, pageSize: opts.limit }, (e) => out.push(e) < (opts.limit ?? Infinity));
  return out;
}

export type TransactionAction =
  | ["create", StateEntity]
  | ["delete", StateEntity]
  | ["update", StateEntity, "Replace" | "Merge", { etag: string }]
  | ["upsert", StateEntity, "Replace" | "Merge"];

/**
 * Several writes to one partition that succeed or fail together (StateConflict when any condition
 * fails). Answers the new ETag of each written row, by row key.
 */
export async function transact(name: TableName, actions: TransactionAction[]): Promise<Map<string, string>> {
  const t = await table(name);
  return guarded(async () => {
    const res = await t.submitTransaction(actions as Parameters<TableClient["submitTransaction"]>[0]);
    // Sub-responses come in the order of the actions; only creates carry their row key (in Location).
    const etags = new Map<string, string>();
    (res.subResponses ?? []).forEach((sub, i) => {
      const rowKey = actions[i]?.[1].rowKey;
      if (rowKey && sub.etag) etags.set(rowKey, sub.etag.trim());
    });
    return etags;
  });
}

/**
 * Deletes rows of one partition, as many per transaction as the service takes. A row already gone is
 * not an error: it fails its whole batch, which is then deleted one row at a time.
 */
export async function deleteRows(name: TableName, partitionKey: string, rowKeys: string[]): Promise<void> {
  for (let i = 0; i < rowKeys.length; i += TRANSACTION_ACTIONS) {
    const batch = rowKeys.slice(i, i + TRANSACTION_ACTIONS);
    try {
      await transact(
        name,
        batch.map((rowKey): TransactionAction => ["delete", { partitionKey, rowKey }]),
      );
    } catch (err) {
      if (!(err instanceof StateConflict && err.kind === "missing")) throw err;
      for (const rowKey of batch) await deleteRecord(name, partitionKey, rowKey);
    }
  }
}

/** Deletes every record of a partition, reading only the keys. Answers how many. */
export async function deletePartition(name: TableName, partitionKey: string): Promise<number> {
  const t = await table(name);
  const keys: string[] = [];
  await guarded(async () => {
    const pages = t
      .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ["RowKey"] } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) for (const e of page) keys.push(e.rowKey!);
  });
  await deleteRows(name, partitionKey, keys);
  return keys.length;
}

export type { SdkTransaction };
export { odata };

/** Fails fast with state_unavailable when the store cannot be reached (start-up check, health). */
export async function pingState(): Promise<void> {
  await table("settings");
  await leaseContainer();
}

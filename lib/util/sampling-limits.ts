// Sizes of what depth sampling reads and writes, shared by the sampler (server) and the sampling
// cost estimate (browser): so no server-only import here.

/** Queues per List Queues page the sampler asks for (the service's maximum). */
export const LIST_PAGE_QUEUES = 5_000;
/** History shards queues are spread over by a hash of their name; the account total has one more. */
export const HISTORY_SHARDS = 256;
/** Writes per entity-group transaction: the service's bound. */
export const TRANSACTION_ACTIONS = 100;
/** Characters of data Queuescope puts in one transaction (the service takes 4 MiB of payload). */
export const TRANSACTION_CHARS = 3_000_000;

/** A follower tries for the sampler lease this often, so a dead leader is replaced within a lease period. */
export const FOLLOW_MS = 5_000;

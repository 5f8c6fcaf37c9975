// Pure account configuration parsing. Used by the start script (before Next runs) and by the
// server; it never reaches the browser because only lib/azure imports it.
import { z } from "../validation/zod";
import { jsonPathProblem } from "../validation/json-path";
import { regexProblem } from "../validation/where";
import type { MaskConfig } from "../messages/mask";

export const EMULATOR_ACCOUNT_NAME = "devstoreaccount1";
// Azurite's documented, public development key: not a secret.
export const EMULATOR_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
export const DEFAULT_EMULATOR_URL = `http://127.0.0.1:10001/${EMULATOR_ACCOUNT_NAME}`;

export type AccountKind = "emulator" | "connection-string" | "shared-key" | "sas" | "entra-id";

export type AccountAuth =
  | { type: "shared-key"; accountName: string; accountKey: string }
  | { type: "sas"; sasToken: string }
  | { type: "azure-identity" };

export interface AccountConfig {
  id: string;
  name: string;
  kind: AccountKind;
  /** Queue service endpoint without any query string (never holds a secret). */
  queueEndpoint: string;
  accountName: string;
  readOnly: boolean;
  /** False when the accounts file says `"sample": false`: no sampler runs for it (no history, no cost). */
  sample: boolean;
  auth: AccountAuth;
  /** What viewers (or, with maskForAll, everyone) see masked in this account's messages. */
  masks?: MaskConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const idSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "must be 1-63 lowercase letters, digits or hyphens");
const nonEmpty = z.string().trim().min(1, "must not be empty");
const urlSchema = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v), "must be an http(s) URL")
  .refine((v) => !v.includes("?"), "must not contain a query string (put a SAS in sasToken)");
const base64Key = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be a base64 account key");

const maskPath = z.string().superRefine((p, ctx) => {
  const problem = jsonPathProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: `is not a usable JSONPath: ${problem}` });
  else if (p === "$")
    ctx.addIssue({ code: "custom", message: 'cannot mask the whole message ("$"); use maskRegex, or name the fields' });
});
const maskRegex = z
  .string()
  .min(1, "must not be empty")
  .superRefine((r, ctx) => {
    const problem = regexProblem(r);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const base = {
  id: idSchema,
  name: nonEmpty,
  readOnly: z.boolean().optional(),
  sample: z.boolean({ error: "must be true or false" }).optional(),
  mask: z.array(maskPath).max(100, "lists at most 100 paths").optional(),
  maskRegex: z.array(maskRegex).max(20, "lists at most 20 regexes").optional(),
  maskForAll: z.boolean().optional(),
};
const entrySchemas = [
  z.strictObject({ ...base, connectionString: nonEmpty }),
  z.strictObject({ ...base, accountUrl: urlSchema, sasToken: nonEmpty }),
  z.strictObject({ ...base, accountName: nonEmpty, accountKey: base64Key, queueEndpoint: urlSchema.optional() }),
  z.strictObject({ ...base, accountUrl: urlSchema, credential: z.literal("azure-identity") }),
] as const;
const AUTH_FIELDS = ["connectionString", "sasToken", "accountKey", "credential"] as const;

type Entry = z.infer<(typeof entrySchemas)[number]>;

function describe(index: number, raw: unknown): string {
  const id = raw && typeof raw === "object" && "id" in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === "string" ? `entry ${index} ("${id}")` : `entry ${index}`;
}

function pickSchema(raw: Record<string, unknown>, where: string) {
  const present = AUTH_FIELDS.filter((f) => f in raw);
  if (present.length === 0) {
    throw new ConfigError(
      `${where}: needs one of connectionString; accountUrl + sasToken; accountName + accountKey; accountUrl + "credential": "azure-identity"`,
    );
  }
  if (present.length > 1)
    throw new ConfigError(`${where}: field "${present[1]}": give only one way to sign in (also has "${present[0]}")`);
  return entrySchemas[AUTH_FIELDS.indexOf(present[0]!)]!;
}

function parseEntry(raw: unknown, where: string): Entry {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(`${where}: must be an object`);
  const result = pickSchema(raw as Record<string, unknown>, where).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length ? issue.path.join(".") : (issue as { keys?: string[] }).keys?.join(", ");
    const msg = issue.code === "unrecognized_keys" ? "is not a known field" : issue.message;
    throw new ConfigError(`${where}: field "${field ?? "?"}": ${msg}`);
  }
  return result.data;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Account name from an endpoint: the first host label, or the path for emulator-style URLs. */
export function accountNameFromEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  const segment = url.pathname.split("/").filter(Boolean)[0];
  const isIp = /^[\d.]+$|^\[.*\]$|^localhost$/i.test(url.hostname);
  return (isIp && segment ? segment : url.hostname.split(".")[0]) ?? url.hostname;
}

/**
 * An endpoint is shown to every viewer, so it may carry no secret: a SAS pasted into the URL
 * (`?sv=…&sig=…`) or a user and password are refused, naming the field, as the accounts file does.
 */
function plainEndpoint(url: string, field: string): string {
  if (/[?#]/.test(url))
    throw new ConfigError(`field "${field}": must not contain a query string (give a SAS as SharedAccessSignature=…)`);
  if (/^https?:\/\/[^/]*@/i.test(url))
    throw new ConfigError(`field "${field}": must not contain a user name or password`);
  return url;
}

/** What the browser may see of an endpoint: never a query string, fragment or user info. */
export function displayEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, "");
  } catch {
    return url.replace(/[?#].*$/s, "");
  }
}

/** Parses an Azure Storage connection string into an endpoint and credentials. */
export function parseConnectionString(cs: string): { queueEndpoint: string; accountName: string; auth: AccountAuth } {
  const fields = new Map<string, string>();
  for (const part of cs.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  if (fields.get("usedevelopmentstorage")?.toLowerCase() === "true") {
    const proxy = fields.get("developmentstorageproxyuri");
    const endpoint = proxy
      ? `${trimSlash(plainEndpoint(proxy, "DevelopmentStorageProxyUri"))}:10001/${EMULATOR_ACCOUNT_NAME}`
      : DEFAULT_EMULATOR_URL;
    return {
      queueEndpoint: endpoint,
      accountName: EMULATOR_ACCOUNT_NAME,
      auth: { type: "shared-key", accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY },
    };
  }
  let accountName = fields.get("accountname");
  const explicit = fields.get("queueendpoint");
  let queueEndpoint: string;
  if (explicit) {
    if (!/^https?:\/\//i.test(explicit)) throw new ConfigError('field "QueueEndpoint": must be an http(s) URL');
    queueEndpoint = trimSlash(plainEndpoint(explicit, "QueueEndpoint"));
  } else {
    if (!accountName) throw new ConfigError('field "AccountName": missing (or give QueueEndpoint)');
    const protocol = (fields.get("defaultendpointsprotocol") ?? "https").toLowerCase();
    if (protocol !== "http" && protocol !== "https")
      throw new ConfigError('field "DefaultEndpointsProtocol": must be http or https');
    queueEndpoint = `${protocol}://${accountName}.queue.${fields.get("endpointsuffix") ?? "core.windows.net"}`;
  }
  accountName ??= accountNameFromEndpoint(queueEndpoint);
  const key = fields.get("accountkey");
  const sas = fields.get("sharedaccesssignature");
  if (key) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new ConfigError('field "AccountKey": must be a base64 account key');
    return { queueEndpoint, accountName, auth: { type: "shared-key", accountName, accountKey: key } };
  }
  if (sas) return { queueEndpoint, accountName, auth: { type: "sas", sasToken: sas.replace(/^\?/, "") } };
  throw new ConfigError('field "AccountKey": missing (or give SharedAccessSignature)');
}

function masksOf(e: Entry): Pick<AccountConfig, "masks"> {
  if (!e.mask?.length && !e.maskRegex?.length) return {};
  return { masks: { paths: e.mask ?? [], regexes: e.maskRegex ?? [], forAll: e.maskForAll ?? false } };
}

function fromEntry(e: Entry): AccountConfig {
  const common = { id: e.id, name: e.name, readOnly: e.readOnly ?? false, sample: e.sample ?? true, ...masksOf(e) };
  if ("connectionString" in e) {
    return { ...common, kind: "connection-string", ...parseConnectionString(e.connectionString) };
  }
  if ("sasToken" in e) {
    const queueEndpoint = trimSlash(e.accountUrl);
    return {
      ...common,
      kind: "sas",
      queueEndpoint,
      accountName: accountNameFromEndpoint(queueEndpoint),
      auth: { type: "sas", sasToken: e.sasToken.replace(/^\?/, "") },
    };
  }
  if ("accountKey" in e) {
    const queueEndpoint = trimSlash(e.queueEndpoint ?? `https://${e.accountName}.queue.core.windows.net`);
    return {
      ...common,
      kind: "shared-key",
      queueEndpoint,
      accountName: e.accountName,
      auth: { type: "shared-key", accountName: e.accountName, accountKey: e.accountKey },
    };
  }
  const queueEndpoint = trimSlash(e.accountUrl);
  return {
    ...common,
    kind: "entra-id",
    queueEndpoint,
    accountName: accountNameFromEndpoint(queueEndpoint),
    auth: { type: "azure-identity" },
  };
}

export function emulatorAccount(url = DEFAULT_EMULATOR_URL): AccountConfig {
  return {
    id: "local",
    name: "Local emulator",
    kind: "emulator",
    queueEndpoint: trimSlash(url),
    accountName: EMULATOR_ACCOUNT_NAME,
    readOnly: false,
    sample: true,
    auth: { type: "shared-key", accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY },
  };
}

export interface ConfigSource {
  env: Record<string, string | undefined>;
  readFile: (path: string) => string;
}

/** Reads the account list from the environment; throws ConfigError naming the entry and field. */
export function loadAccountConfigs({ env, readFile }: ConfigSource): AccountConfig[] {
  const file = env.QUEUESCOPE_ACCOUNTS?.trim();
  const cs = env.AZURE_STORAGE_CONNECTION_STRING?.trim();
  if (file) return parseAccountsFile(file, readFile);
  if (cs) {
    try {
      const parsed = parseConnectionString(cs);
      const id = parsed.accountName.toLowerCase();
      return [{ id, name: parsed.accountName, kind: "connection-string", readOnly: false, sample: true, ...parsed }];
    } catch (err) {
      throw new ConfigError(`AZURE_STORAGE_CONNECTION_STRING: ${(err as Error).message}`);
    }
  }
  return [emulatorAccount(env.QUEUESCOPE_EMULATOR_URL || DEFAULT_EMULATOR_URL)];
}

/**
 * Where JSON.parse gave up, as line and column. Never its message: V8 quotes the text around the
 * error, and in an accounts file that text is often a key.
 */
function jsonErrorPlace(err: unknown, text: string): string {
  const position = /at position (\d+)/.exec(err instanceof Error ? err.message : "");
  if (!position) return " (check quotes, commas and brackets)";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

function parseAccountsFile(file: string, readFile: (path: string) => string): AccountConfig[] {
  const where = `QUEUESCOPE_ACCOUNTS (${file})`;
  let json: unknown;
  let text = "";
  try {
    text = readFile(file);
    json = JSON.parse(text);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === "ENOENT"
        ? "file not found"
        : `not valid JSON${jsonErrorPlace(err, text)}`;
    throw new ConfigError(`${where}: ${reason}`);
  }
  const list = Array.isArray(json) ? json : (json as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(`${where}: must be a non-empty JSON array of accounts (or {"accounts": [...]})`);
  }
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const label = `${where}: ${describe(i, raw)}`;
    let account: AccountConfig;
    try {
      account = fromEntry(parseEntry(raw, label));
    } catch (err) {
      throw err instanceof ConfigError && err.message.startsWith(where)
        ? err
        : new ConfigError(`${label}: ${(err as Error).message}`);
    }
    if (seen.has(account.id))
      throw new ConfigError(`${label}: field "id": "${account.id}" is used by an earlier entry`);
    seen.add(account.id);
    return account;
  });
}

// Calls route handlers the way Next does, with a real NextRequest, and reads the JSON answer.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { NextRequest } from "next/server";
import { azuriteOfWorker } from "./azurite-of-worker";
import { resetAccountConfigs } from "@/lib/azure/accounts";
import { resetServiceClients } from "@/lib/azure/clients";
import { resetAuthConfig } from "@/lib/auth/config";
import { resetOidc } from "@/lib/auth/oidc";
import { resetSessionState } from "@/lib/auth/session";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";

export { drainCounted, drainQueue, moveOutcome, multiset } from "./multiset";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(handler: Handler, opts: CallOptions = {}) {
  const url = new URL("http://127.0.0.1:3000/api/test");
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const req = new NextRequest(url, {
    method: opts.method ?? "GET",
    headers: {
      host: "127.0.0.1:3000",
      ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  const json = text && res.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : undefined;
  return { status: res.status, text, json };
}

/** Applies an environment for account and sign-in configuration and drops every cached client and key (sign-in limits live in the state store). */
export function setTestEnv(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetAccountConfigs();
  resetServiceClients();
  resetAuthConfig();
  resetSessionState();
  resetOidc();
}
/** The same as setTestEnv, under the name most tests know it by (it is no React hook). */
export const useEnv = setTestEnv;

export function azuriteUrl(): string {
  return azuriteOfWorker().url;
}

export function emulatorService(url = azuriteUrl()): QueueServiceClient {
  return new QueueServiceClient(url, new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY));
}

export function emulatorConnectionString(url = azuriteUrl(), key = EMULATOR_ACCOUNT_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${key};QueueEndpoint=${url};`;
}

/** A queue-name prefix unique to one test, so parallel files never see each other's queues. */
export function uniquePrefix(label: string): string {
  return `${label}${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9]/g, "");
}

/** An accounts file (QUEUESCOPE_ACCOUNTS) with one emulator-key account at `queueEndpoint`. */
export function emulatorAccountsFile(id: string, queueEndpoint: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), `qs-${id}-`)), "accounts.json");
  const entry = { id, name: id, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, queueEndpoint };
  writeFileSync(file, JSON.stringify([entry]));
  return file;
}

import "server-only";
import { readFileSync } from "node:fs";
import { AppError } from "@/lib/api/error-codes";
import { loadAccountConfigs, type AccountConfig } from "@/lib/config/accounts";
import type { AccountDto } from "@/lib/validation/accounts";

const store = globalThis as typeof globalThis & { __queuescopeAccounts?: AccountConfig[] };

/** The configured accounts, parsed once per process. */
export function getAccountConfigs(): AccountConfig[] {
  store.__queuescopeAccounts ??= loadAccountConfigs({ env: process.env, readFile: (p) => readFileSync(p, "utf8") });
  return store.__queuescopeAccounts;
}

/** Forgets the parsed configuration (tests change the environment between suites). */
export function resetAccountConfigs(): void {
  store.__queuescopeAccounts = undefined;
}

export function getAccountConfig(id: string): AccountConfig {
  const account = getAccountConfigs().find((a) => a.id === id);
  if (!account) throw new AppError("account_not_found", `No account "${id}" is configured.`);
  return account;
}

export function toAccountDto(a: AccountConfig): AccountDto {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    queueEndpoint: a.queueEndpoint,
    readOnly: a.readOnly,
    canSign: a.auth.type === "shared-key",
  };
}

export function listAccounts(): AccountDto[] {
  return getAccountConfigs().map(toAccountDto);
}

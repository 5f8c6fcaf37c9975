import "server-only";
import { readFileSync } from "node:fs";
import { AppError } from "@/lib/api/error-codes";
import { getAuthConfig } from "@/lib/auth/config";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { displayEndpoint, loadAccountConfigs, type AccountConfig } from "@/lib/config/accounts";
import { isMasked } from "@/lib/messages/mask";
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

/** The account as the browser sees it, with what this role may do there. */
export function toAccountDto(a: AccountConfig, role: Role): AccountDto {
  const readOnly = a.readOnly || getAuthConfig().readOnly;
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    // Every endpoint is checked at start; this holds even for one that slipped past (the emulator URL).
    queueEndpoint: displayEndpoint(a.queueEndpoint),
    readOnly,
    readOnlyReason: getAuthConfig().readOnly
      ? "Queuescope runs in read-only mode (QUEUESCOPE_READ_ONLY)."
      : a.readOnly
        ? `The account "${a.id}" is configured read-only.`
        : null,
    canSign: a.auth.type === "shared-key",
    can: { operate: !readOnly && roleAtLeast(role, "operator"), admin: !readOnly && roleAtLeast(role, "admin") },
    masks: a.masks
      ? {
          paths: a.masks.paths,
          regexCount: a.masks.regexes.length,
          forAll: a.masks.forAll,
          appliesToYou: isMasked(a.masks, role),
        }
      : null,
  };
}

export function listAccounts(role: Role): AccountDto[] {
  return getAccountConfigs().map((a) => toAccountDto(a, role));
}

import "server-only";
import { existsSync, readFileSync } from "node:fs";
import { loadAuthConfig, type AuthConfig } from "@/lib/config/auth";

const store = globalThis as typeof globalThis & { __queuescopeAuth?: AuthConfig };

/** The sign-in configuration, parsed once per process. */
export function getAuthConfig(): AuthConfig {
  store.__queuescopeAuth ??= loadAuthConfig({ env: process.env, readFile: (p) => readFileSync(p, "utf8"), exists: existsSync });
  return store.__queuescopeAuth;
}

/** Forgets the parsed configuration (tests change the environment between suites). */
export function resetAuthConfig(): void {
  store.__queuescopeAuth = undefined;
}

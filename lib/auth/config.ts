import "server-only";
import { loadAuthConfig, type AuthConfig } from "@/lib/config/auth";

const store = globalThis as typeof globalThis & {
  __queuescopeAuth?: AuthConfig;
  __queuescopeAuthReady?: Promise<AuthConfig>;
};

/**
 * The sign-in configuration. Whether local users exist is read from the state store once, at
 * start (`authReady`); before that this answers what the environment says with no local users,
 * which is enough for everything but deciding who is signed in (that always awaits authReady).
 */
export function getAuthConfig(): AuthConfig {
  return store.__queuescopeAuth ?? loadAuthConfig({ env: process.env });
}

/** Called by authReady once it knows whether local users exist. */
export function setAuthConfig(config: AuthConfig): void {
  store.__queuescopeAuth = config;
}

/** The promise authReady shares between callers, kept per process. */
export function authReadyPromise(start: () => Promise<AuthConfig>): Promise<AuthConfig> {
  return (store.__queuescopeAuthReady ??= start().catch((err: unknown) => {
    store.__queuescopeAuthReady = undefined; // a store that was down at start is tried again on the next request
    throw err;
  }));
}

/** Forgets the parsed configuration (tests change the environment between suites). */
export function resetAuthConfig(): void {
  store.__queuescopeAuth = undefined;
  store.__queuescopeAuthReady = undefined;
}

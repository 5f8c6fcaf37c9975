import "server-only";
import { loadAuthConfig, type AuthConfig } from "@/lib/config/auth";
import { authReadyPromise, setAuthConfig } from "./config";
import { importLegacyFiles } from "./import-legacy";
import { loadSessionKey } from "./session";
import { hasLocalUsers } from "./users";

/**
 * Everything sign-in needs from the state store, once per process (at start, and again after a
 * failure): the files of earlier versions imported, whether local users exist (which decides
 * between local mode and sign-in), and the session signing key.
 */
export function authReady(): Promise<AuthConfig> {
  return authReadyPromise(async () => {
    await importLegacyFiles(loadAuthConfig({ env: process.env }));
    const config = loadAuthConfig({ env: process.env, hasUsers: await hasLocalUsers() });
    setAuthConfig(config);
    await loadSessionKey();
    return config;
  });
}

/** At server start: ready, or the reason on stderr and exit 1 (never a server that answers 500s). */
export async function authReadyOrExit(): Promise<void> {
  try {
    await authReady();
  } catch (err) {
    console.error(`Queuescope: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

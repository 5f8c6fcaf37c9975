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

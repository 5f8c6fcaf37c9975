// Whether local users exist decides local mode or sign-in; they live in the state store (and, until
// the server's first start imports it, in the users file of earlier versions).
import { existsSync, readFileSync } from "node:fs";
import { loadAuthConfig, readUsersFile, type AuthConfig } from "../../lib/config/auth";

const STATE_VARS = [
  "QUEUESCOPE_STATE_CONNECTION_STRING",
  "QUEUESCOPE_STATE_ACCOUNT_URL",
  "QUEUESCOPE_STATE_PREFIX",
] as const;

/** The sign-in configuration the server will find, asked of the state store that `env` names. */
export async function signInMode(env: NodeJS.ProcessEnv): Promise<AuthConfig> {
  for (const name of STATE_VARS) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
  const legacy = loadAuthConfig({ env: process.env }).usersFile;
  // Loaded here, not at the top: lib/auth and lib/state are server-only (the start script runs
  // with the react-server condition so they load), and only this step needs them.
  const { hasLocalUsers } = await import("../../lib/auth/users");
  const hasUsers =
    readUsersFile(legacy, { readFile: (p) => readFileSync(p, "utf8"), exists: existsSync }).length > 0 ||
    (await hasLocalUsers());
  return loadAuthConfig({ env: process.env, hasUsers });
}

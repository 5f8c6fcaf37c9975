import "server-only";
import { AppError } from "@/lib/api/error-codes";

export interface StateConfig {
  /** Identifies the configuration, so cached clients are dropped when it changes (tests). */
  key: string;
  connectionString?: string;
  tableUrl?: string;
  blobUrl?: string;
  /** Table-name prefix and container name. */
  prefix: string;
}

/**
 * Where Queuescope keeps its own state: QUEUESCOPE_STATE_CONNECTION_STRING, or
 * QUEUESCOPE_STATE_ACCOUNT_URL (a blob or table endpoint, signed in with @azure/identity). The
 * start script sets the connection string to its embedded Azurite when neither is configured.
 */
export function stateConfig(env: NodeJS.ProcessEnv = process.env): StateConfig {
  const prefix = (env.QUEUESCOPE_STATE_PREFIX || "queuescope").toLowerCase();
  if (!/^[a-z][a-z0-9]{2,39}$/.test(prefix)) {
    throw new AppError(
      "state_unavailable",
      "QUEUESCOPE_STATE_PREFIX must be 3 to 40 lowercase letters and digits, starting with a letter.",
    );
  }
  const connectionString = env.QUEUESCOPE_STATE_CONNECTION_STRING?.trim();
  if (connectionString) return { key: `cs:${prefix}:${connectionString}`, connectionString, prefix };
  const url = env.QUEUESCOPE_STATE_ACCOUNT_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppError("state_unavailable", "QUEUESCOPE_STATE_ACCOUNT_URL is not a URL.");
    }
    const [account, ...rest] = parsed.hostname.split(".");
    const suffix = rest.slice(1).join(".");
    const at = (service: string) => `${parsed.protocol}//${account}.${service}.${suffix}`;
    return { key: `url:${prefix}:${url}`, tableUrl: at("table"), blobUrl: at("blob"), prefix };
  }
  throw new AppError(
    "state_unavailable",
    "No state store is configured: set QUEUESCOPE_STATE_CONNECTION_STRING or QUEUESCOPE_STATE_ACCOUNT_URL (npm start sets one for its embedded emulator).",
  );
}

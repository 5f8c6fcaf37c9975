// Points this process's state store at another endpoint (a silent or refusing one) for one test.
// Server-side test code only: it drops the store's cached clients.
import { resetStateClients } from "@/lib/state/store";

/** Points this process's state store's `service` endpoint elsewhere (cached clients dropped); returns the undo. */
export function redirectState(service: "Table" | "Blob", origin: string): () => void {
  const saved = process.env.QUEUESCOPE_STATE_CONNECTION_STRING!;
  process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved.replace(
    new RegExp(`${service}Endpoint=http://[^/]+`),
    `${service}Endpoint=${origin}`,
  );
  resetStateClients();
  return () => {
    process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved;
    resetStateClients();
  };
}

/** The state store's current `service` origin (http://127.0.0.1:port). */
export function stateOrigin(service: "Table" | "Blob"): string {
  return new RegExp(`${service}Endpoint=(http://[^/;]+)`).exec(process.env.QUEUESCOPE_STATE_CONNECTION_STRING!)![1]!;
}

// Shapes the browser sees for accounts and health (no secrets by construction).
import type { ErrorCode } from "@/lib/api/error-codes";

export interface AccountDto {
  id: string;
  name: string;
  kind: "emulator" | "connection-string" | "shared-key" | "sas" | "entra-id";
  queueEndpoint: string;
  readOnly: boolean;
  /** Why nothing can be changed here, for the UI to say so. */
  readOnlyReason: string | null;
  canSign: boolean;
  /** What the signed-in user may do here: their role, less anything the read-only mode forbids. */
  can: { operate: boolean; admin: boolean };
  /** Masked message fields (paths only; regexes are counted, not shown), or null when nothing is masked. */
  masks: { paths: string[]; regexCount: number; forAll: boolean; appliesToYou: boolean } | null;
}

export interface AccountHealth {
  id: string;
  reachable: boolean;
  latencyMs: number;
  error?: { code: ErrorCode; message: string };
}

export interface HealthReport {
  status: "ok" | "degraded";
  accounts: AccountHealth[];
}

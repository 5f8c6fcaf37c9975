import "server-only";
import type { NextRequest } from "next/server";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentUser {
  name: string;
  role: Role;
  /** Local mode: no users configured, the app listens on loopback only. */
  local: boolean;
}

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The user behind a request. Until sign-in exists, single-user local mode grants admin. */
export async function currentUser(_req: NextRequest): Promise<CurrentUser | null> {
  return { name: "local", role: "admin", local: true };
}

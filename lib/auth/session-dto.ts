import "server-only";
import type { SessionDto } from "@/lib/validation/auth";
import { getAuthConfig } from "./config";
import type { CurrentUser } from "./roles";

export function toSessionDto(user: CurrentUser | null): SessionDto {
  const config = getAuthConfig();
  return {
    user: user
      ? {
          name: user.name,
          role: user.role,
          via: user.via,
          expiresAt: user.session ? new Date(user.session.exp * 1000).toISOString() : null,
        }
      : null,
    mode: config.mode,
    readOnly: config.readOnly,
    signIn: { password: config.hasUsers, oidc: config.oidc?.label ?? null },
    signOutUrl: config.mode === "proxy" ? (config.proxy?.signOutUrl ?? null) : null,
  };
}

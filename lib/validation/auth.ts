import { z } from "./zod";

export const signInSchema = z.strictObject({
  username: z.string().trim().min(1, "Enter your user name.").max(64, "User names are at most 64 characters."),
  password: z.string().min(1, "Enter your password.").max(1024, "Passwords are at most 1024 characters."),
});
export type SignInRequest = z.infer<typeof signInSchema>;

export type Role = "viewer" | "operator" | "admin";

/** What the browser knows about who is signed in and how sign-in works here. */
export interface SessionDto {
  user: {
    name: string;
    role: Role;
    via: "local" | "password" | "oidc" | "proxy" | "token";
    expiresAt: string | null;
  } | null;
  mode: "local" | "sign-in" | "proxy";
  readOnly: boolean;
  signIn: { password: boolean; oidc: string | null };
  signOutUrl: string | null;
}

/** Why the sign-in page was shown after a provider round trip; fixed texts, never echoed input. */
export const SIGN_IN_ERRORS = {
  expired: "Your session has expired. Sign in again.",
  oidc_failed: "The sign-in with your identity provider could not be completed. Try again.",
  oidc_no_role: "You signed in, but you have no Queuescope role. Ask an administrator to assign you one.",
  signed_out: "You have signed out.",
  no_role: "Your sign-in was accepted, but you have no Queuescope role. Ask an administrator to give you one.",
} as const;
export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

/** Only paths on this site: an open redirect after sign-in would hand users to anybody. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith("/api/") ? next : "/";
}

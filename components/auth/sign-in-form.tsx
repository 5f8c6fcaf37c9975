"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ApiError } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import { useSignIn } from "@/lib/hooks/use-auth";
import { SIGN_IN_ERRORS, type SessionDto, type SignInErrorCode } from "@/lib/validation/auth";

interface Props {
  signIn: SessionDto["signIn"];
  next: string;
  notice: SignInErrorCode | null;
}

/** User name and password, and/or the identity provider's button. */
export function SignInForm({ signIn, next, notice }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signInCall = useSignIn();
  // After a success the page is leaving: stay busy until it has.
  const busy = signInCall.isPending || signInCall.isSuccess;
  const error = signInCall.error
    ? signInCall.error instanceof ApiError
      ? signInCall.error.message
      : "Sign-in failed. Try again."
    : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    signInCall.mutate(
      { username, password },
      {
        onSuccess: () => window.location.assign(next),
        onError: () => setPassword(""),
      },
    );
  }

  return (
    <div className="space-y-5">
      {notice ? (
        <p
          role={notice === "signed_out" ? "status" : "alert"}
          className={`rounded-md border px-3 py-2 text-sm ${notice === "signed_out" ? "border-border bg-surface-2" : "border-danger bg-danger-bg"}`}
        >
          {SIGN_IN_ERRORS[notice]}
        </p>
      ) : null}
      {signIn.password ? (
        <form onSubmit={submit} className="space-y-3" aria-label="Local account sign-in">
          <Field
            label="User name"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error ? (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : null}
          <Button type="submit" variant="primary" className="w-full justify-center" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      ) : null}
      {signIn.password && signIn.oidc ? (
        <p className="text-center text-xs uppercase tracking-wide text-muted">or</p>
      ) : null}
      {signIn.oidc ? (
        <a
          href={apiUrls.oidcStart(next)}
          className="flex w-full justify-center rounded-md border border-border bg-surface px-3 py-2 text-sm font-medium hover:bg-surface-2"
        >
          {signIn.oidc}
        </a>
      ) : null}
    </div>
  );
}

"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/api/client";
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/auth/sign-in", { method: "POST", json: { username, password } });
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Sign-in failed. Try again.");
      setPassword("");
      setBusy(false);
    }
  }

  return (
    <div className="space-y-5">
      {notice ? (
        <p role={notice === "signed_out" ? "status" : "alert"} className={`rounded-md border px-3 py-2 text-sm ${notice === "signed_out" ? "border-border bg-surface-2" : "border-danger bg-danger-bg"}`}>
          {SIGN_IN_ERRORS[notice]}
        </p>
      ) : null}
      {signIn.password ? (
        <form onSubmit={(e) => void submit(e)} className="space-y-3" aria-label="Local account sign-in">
          <Field label="User name" name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
          <Button type="submit" variant="primary" className="w-full justify-center" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</Button>
        </form>
      ) : null}
      {signIn.password && signIn.oidc ? <p className="text-center text-xs uppercase tracking-wide text-muted">or</p> : null}
      {signIn.oidc ? (
        <a href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`} className="flex w-full justify-center rounded-md border border-border bg-surface px-3 py-2 text-sm font-medium hover:bg-surface-2">
          {signIn.oidc}
        </a>
      ) : null}
    </div>
  );
}

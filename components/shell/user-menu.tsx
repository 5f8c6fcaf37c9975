"use client";
import { useSignOut } from "@/lib/hooks/use-auth";
import { useSession } from "@/components/session/session-context";

const ROLE_HINT = {
  viewer: "Viewer: can look at queues, messages and settings; cannot change anything.",
  operator: "Operator: can send, receive, move, delete and clear messages.",
  admin: "Admin: can do everything, including queues, SAS, settings and the audit log.",
} as const;

/** Who is signed in, with which role, and the way out. */
export function UserMenu() {
  const session = useSession();
  const signOutCall = useSignOut();
  const busy = signOutCall.isPending || signOutCall.isSuccess;
  const user = session.user;
  if (!user) return null;
  const canSignOut = session.mode === "sign-in" || (session.mode === "proxy" && session.signOutUrl);

  const signOut = () =>
    signOutCall.mutate(undefined, { onSuccess: ({ redirect }) => window.location.assign(redirect ?? "/login") });

  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="max-w-48 truncate" title={user.name}>
        {user.via === "local" ? "Local mode" : user.name}
      </span>
      <span
        className="rounded-full border border-border bg-surface-2 px-2 py-0.5 text-xs font-medium"
        title={ROLE_HINT[user.role]}
        aria-label={`Role: ${user.role}. ${ROLE_HINT[user.role]}`}
      >
        {user.role}
      </span>
      <a href="/tokens" className="rounded-md px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg">
        Tokens
      </a>
      {canSignOut ? (
        <button
          type="button"
          onClick={signOut}
          disabled={busy}
          className="rounded-md px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-60"
        >
          {busy ? "Signing out…" : "Sign out"}
        </button>
      ) : null}
    </div>
  );
}

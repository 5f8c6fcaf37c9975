"use client";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useRevokeToken, useTokens } from "@/lib/hooks/use-tokens";
import type { TokenDto } from "@/lib/validation/tokens";
import { formatDate } from "@/lib/format";

const STATE_STYLE = { active: "text-ok", expired: "text-muted", revoked: "text-warn" } as const;

function RevokeButton({ token }: { token: TokenDto }) {
  const revoke = useRevokeToken();
  if (token.state !== "active") return null;
  return (
    <>
      <Button
        variant="danger"
        disabled={revoke.isPending}
        aria-label={`Revoke ${token.name}`}
        onClick={() =>
          window.confirm(`Revoke “${token.name}”? Scripts using it stop working at once.`) && revoke.mutate(token.id)
        }
      >
        {revoke.isPending ? "Revoking…" : "Revoke"}
      </Button>
      {revoke.isError ? (
        <span role="alert" className="block text-xs text-danger">
          {revoke.error.message}
        </span>
      ) : null}
    </>
  );
}

/** Every token the user may see (admins: everyone's), without secrets. */
export function TokenList({ showOwner }: { showOwner: boolean }) {
  const tokens = useTokens();
  if (tokens.isError)
    return (
      <ErrorState
        title="The tokens could not be read"
        message={tokens.error.message}
        onRetry={() => void tokens.refetch()}
      />
    );
  if (tokens.isPending)
    return (
      <p role="status" className="text-sm text-muted">
        Reading tokens…
      </p>
    );
  if (tokens.data.length === 0)
    return (
      <EmptyState title="No API tokens yet">Create one above for a script, then send it as a bearer token.</EmptyState>
    );
  const heads = ["Name", "Role", ...(showOwner ? ["Owner"] : []), "Created", "Expires", "State", ""];
  // Narrow screens drop the creation date: the expiry is what decides whether a token works.
  const narrowHidden = (h: string) => (h === "Created" ? "hidden sm:table-cell" : "");
  return (
    // relative: the header's sr-only label is absolutely placed, and would widen the page past the scroller.
    <div className="relative overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API tokens, newest first</caption>
        <thead className="bg-surface-2 text-xs uppercase text-muted">
          <tr>
            {heads.map((h, i) => (
              <th key={i} scope="col" className={`px-3 py-2 ${narrowHidden(h)}`}>
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tokens.data.map((t) => (
            <tr key={t.id} className="border-t border-border align-top">
              <td className="max-w-48 break-words px-3 py-2 font-medium">{t.name}</td>
              <td className="px-3 py-2">{t.role}</td>
              {showOwner ? (
                <td className="px-3 py-2">
                  {t.owner}
                  <span className="ml-1 text-xs text-muted">({t.ownerVia})</span>
                </td>
              ) : null}
              <td className="hidden whitespace-nowrap px-3 py-2 tabular-nums sm:table-cell">
                {formatDate(t.createdAt)}
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatDate(t.expiresAt)}</td>
              <td className={`px-3 py-2 font-medium ${STATE_STYLE[t.state]}`}>{t.state}</td>
              <td className="px-3 py-2 text-right">
                <RevokeButton token={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

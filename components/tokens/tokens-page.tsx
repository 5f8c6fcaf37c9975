"use client";
import { useSession } from "@/components/session/session-context";
import { Panel } from "@/components/ui/panel";
import { CreateTokenForm } from "./create-token-form";
import { TokenList } from "./token-list";

/** Tokens for scripts: make one (shown once), see and revoke them. */
export function TokensPage() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">API tokens</h1>
        <p className="text-sm text-muted">
          Scripts send a token as <code>Authorization: Bearer …</code> and act as you, with the token&apos;s role, never
          above your own current role. See the{" "}
          <a className="underline" href="/api/docs">
            API reference
          </a>
          .
        </p>
      </div>
      {user.via === "token" ? null : (
        <Panel title="New token">
          <CreateTokenForm myRole={user.role} />
        </Panel>
      )}
      <Panel title={user.role === "admin" ? "All tokens" : "Your tokens"}>
        <TokenList showOwner={user.role === "admin"} />
      </Panel>
    </div>
  );
}

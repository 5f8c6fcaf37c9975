"use client";
import Link from "next/link";
import { useState } from "react";
import { usePageCommands } from "@/components/shell/commands";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import { parentOf } from "@/lib/queues/table";
import type { AccountDto } from "@/lib/validation/accounts";
import type { QueueDetail } from "@/lib/validation/queues";
import { MoveDialog } from "@/components/jobs/move-dialog";
import { RedriveButton } from "@/components/jobs/redrive-button";
import { DeleteQueueDialog } from "./delete-queue-dialog";

export function QueueHeader({
  account,
  detail,
  onRefresh,
  refreshing,
}: {
  account: AccountDto;
  detail: QueueDetail;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const [deleting, setDeleting] = useState(false);
  const [moving, setMoving] = useState(false);
  const base = `/accounts/${encodeURIComponent(account.id)}/queues`;
  const parent = parentOf(detail.name);
  usePageCommands([
    { id: "refresh-queue", label: `Refresh ${detail.name}`, run: onRefresh },
    ...(account.can.operate ? [{ id: "move", label: "Move messages…", run: () => setMoving(true) }] : []),
    ...(account.can.admin ? [{ id: "delete-queue", label: "Delete queue…", run: () => setDeleting(true) }] : []),
  ]);
  return (
    <header className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-muted">
          <Link href={base} className="text-accent hover:underline">
            Queues
          </Link>{" "}
          / <span aria-current="page">{detail.name}</span>
        </nav>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 font-mono text-2xl font-semibold">
          {detail.name}
          {parent ? (
            <span className="rounded bg-warn-bg px-2 py-0.5 font-sans text-sm font-semibold text-warn">poison</span>
          ) : null}
        </h1>
        <p className="mt-1 text-sm text-muted">
          <strong className="text-lg text-fg tabular-nums">~{formatNumber(detail.approximateMessagesCount)}</strong>{" "}
          messages
          <span title="The service's approximate count is never lower than the true number and includes messages that are currently invisible.">
            {" "}
            (approximate, includes invisible messages)
          </span>
          {parent ? (
            <>
              {" · poison queue of "}
              <Link href={`${base}/${encodeURIComponent(parent)}`} className="font-mono text-accent hover:underline">
                {parent}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={onRefresh} disabled={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </Button>
        {account.can.operate ? (
          <>
            {parent ? (
              <RedriveButton
                account={account.id}
                source={detail.name}
                parent={parent}
                count={detail.approximateMessagesCount}
              />
            ) : null}
            <Button onClick={() => setMoving(true)}>Move messages…</Button>
          </>
        ) : null}
        {account.can.admin ? (
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete queue…
          </Button>
        ) : null}
      </div>
      <MoveDialog account={account.id} source={detail.name} open={moving} onClose={() => setMoving(false)} />
      <DeleteQueueDialog account={account.id} detail={detail} open={deleting} onClose={() => setDeleting(false)} />
    </header>
  );
}

"use client";
import Link from "next/link";
import { useQueryState } from "nuqs";
import { MessageBrowser } from "@/components/messages/message-browser";
import { SkeletonRows } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { Tabs } from "@/components/ui/tabs";
import { useQueue } from "@/lib/hooks/use-queues";
import { QUEUE_TABS, queuePageParams } from "@/lib/url-state";
import type { AccountDto } from "@/lib/validation/accounts";
import { AccessPoliciesEditor } from "./access-policies-editor";
import { MetadataEditor } from "./metadata-editor";
import { QueueHeader } from "./queue-header";
import { QueueMetrics } from "./queue-metrics";
import { SasGenerator } from "./sas-generator";

export function QueueDetailView({ account, queue }: { account: AccountDto; queue: string }) {
  const detail = useQueue(account.id, queue);
  const [tab, setTab] = useQueryState("tab", queuePageParams.tab);
  const listHref = `/accounts/${encodeURIComponent(account.id)}/queues`;

  if (detail.error) {
    const missing = detail.error.code === "queue_not_found" || detail.error.code === "validation_failed";
    return (
      <div className="space-y-4">
        <Link href={listHref} className="text-sm text-accent hover:underline">
          ← All queues
        </Link>
        <ErrorState
          title={missing ? `Queue “${queue}” does not exist` : `Could not load queue “${queue}”`}
          message={
            missing ? "It may have been deleted. Go back to the queue list to pick another." : detail.error.message
          }
          onRetry={missing ? undefined : () => void detail.refetch()}
        />
      </div>
    );
  }
  if (!detail.data) return <SkeletonRows rows={6} label="Loading queue…" />;

  return (
    <div className="space-y-6">
      <QueueHeader
        account={account}
        detail={detail.data}
        onRefresh={() => void detail.refetch()}
        refreshing={detail.isFetching}
      />
      <Tabs
        label="Queue sections"
        active={tab}
        onChange={(id) => void setTab(QUEUE_TABS.find((t) => t === id) ?? "messages")}
        tabs={[
          { id: "messages", label: "Messages", content: <MessageBrowser account={account} detail={detail.data} /> },
          {
            id: "properties",
            label: "Properties",
            content: (
              <div className="space-y-6">
                <div className="grid items-start gap-6 lg:grid-cols-2">
                  <MetadataEditor account={account} detail={detail.data} />
                  <SasGenerator account={account} queue={queue} />
                </div>
                <AccessPoliciesEditor account={account} queue={queue} />
              </div>
            ),
          },
          { id: "metrics", label: "Metrics", content: <QueueMetrics account={account.id} queue={queue} /> },
        ]}
      />
    </div>
  );
}

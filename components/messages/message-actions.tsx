"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Decoded } from "@/lib/messages/decode";
import { exportRecords, toJson, toNdjson } from "@/lib/messages/export";
import type { AccountDto } from "@/lib/validation/accounts";
import type { MessageDto, ReceivedMessageDto } from "@/lib/validation/messages";
import type { QueueDetail } from "@/lib/validation/queues";
import { ExportAllDialog } from "@/components/jobs/export-all-dialog";
import { ClearQueueDialog } from "./clear-queue-dialog";
import { DeepBrowseDialog } from "./deep-browse-dialog";
import { ImportDialog } from "./import-dialog";
import { SendMessageDialog } from "./send-message-dialog";

interface Props {
  account: AccountDto;
  detail: QueueDetail;
  loaded: MessageDto[];
  decode: (m: MessageDto) => Decoded;
  poison: boolean;
  onStatus: (s: string) => void;
  onDeepLoaded: (messages: ReceivedMessageDto[], visibleAgainAt: Date) => void;
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function MessageActions({ account, detail, loaded, decode, poison, onStatus, onDeepLoaded }: Props) {
  const [dialog, setDialog] = useState<"send" | "import" | "deep" | "clear" | "export" | null>(null);
  const close = () => setDialog(null);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const exportAs = (kind: "json" | "ndjson") => {
    const records = exportRecords(loaded, decode);
    download(`${detail.name}-${stamp}.${kind}`, kind === "json" ? toJson(records) : toNdjson(records), kind === "json" ? "application/json" : "application/x-ndjson");
    onStatus(`Exported ${records.length} loaded messages as ${kind.toUpperCase()}.`);
  };
  const q = detail.name;

  return (
    <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Message actions">
      {!account.can.operate ? null : (
        <>
          <Button variant="primary" onClick={() => setDialog("send")}>Send message…</Button>
          <Button onClick={() => setDialog("import")}>Import…</Button>
          <Button onClick={() => setDialog("deep")}>Deep browse…</Button>
        </>
      )}
      <Button onClick={() => exportAs("json")} disabled={!loaded.length}>Export JSON</Button>
      <Button onClick={() => exportAs("ndjson")} disabled={!loaded.length}>Export NDJSON</Button>
      {!account.can.operate ? null : <Button onClick={() => setDialog("export")} disabled={!detail.approximateMessagesCount}>Export all…</Button>}
      {!account.can.operate ? null : <Button variant="danger" className="ml-auto" onClick={() => setDialog("clear")}>Clear queue…</Button>}
      <SendMessageDialog account={account.id} queue={q} open={dialog === "send"} onClose={close} onSent={onStatus} />
      <ImportDialog account={account.id} queue={q} open={dialog === "import"} onClose={close} onDone={onStatus} />
      <DeepBrowseDialog account={account.id} queue={q} poison={poison} open={dialog === "deep"} onClose={close} onLoaded={onDeepLoaded} />
      <ClearQueueDialog account={account.id} detail={detail} open={dialog === "clear"} onClose={close} onDone={onStatus} />
      <ExportAllDialog account={account.id} queue={q} count={detail.approximateMessagesCount} open={dialog === "export"} onClose={close} onStarted={onStatus} />
    </div>
  );
}

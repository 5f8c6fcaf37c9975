"use client";
import { useState } from "react";
import { usePageCommands } from "@/components/shell/commands";
import { Button } from "@/components/ui/button";
import type { Decoded } from "@/lib/messages/decode";
import { exportRecords, toJson, toNdjson } from "@/lib/messages/export";
import { plural } from "@/lib/format";
import { notify } from "@/lib/notify";
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
  onDeepLoaded: (messages: ReceivedMessageDto[], visibleAgainAt: Date) => void;
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function MessageActions({ account, detail, loaded, decode, poison, onDeepLoaded }: Props) {
  const [dialog, setDialog] = useState<"send" | "import" | "deep" | "clear" | "export" | null>(null);
  const close = () => setDialog(null);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const exportAs = (kind: "json" | "ndjson") => {
    const records = exportRecords(loaded, decode);
    download(`${detail.name}-${stamp}.${kind}`, kind === "json" ? toJson(records) : toNdjson(records), kind === "json" ? "application/json" : "application/x-ndjson");
    notify.success(`Exported ${plural(records.length, "loaded message")} as ${kind.toUpperCase()}.`);
  };
  const q = detail.name;
  const operate = account.can.operate;
  usePageCommands([
    ...(operate ? [{ id: "send", label: "Send message…", run: () => setDialog("send") }, { id: "import", label: "Import messages…", run: () => setDialog("import") }, { id: "deep", label: "Deep browse…", run: () => setDialog("deep") }] : []),
    ...(loaded.length ? [{ id: "export-json", label: "Export the loaded messages as JSON", run: () => exportAs("json") }] : []),
    ...(operate && detail.approximateMessagesCount ? [{ id: "export-all", label: "Export all messages…", run: () => setDialog("export") }] : []),
    ...(operate ? [{ id: "clear", label: "Clear queue…", run: () => setDialog("clear") }] : []),
  ]);

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
      <SendMessageDialog account={account.id} queue={q} open={dialog === "send"} onClose={close} />
      <ImportDialog account={account.id} queue={q} open={dialog === "import"} onClose={close} />
      <DeepBrowseDialog account={account.id} queue={q} poison={poison} open={dialog === "deep"} onClose={close} onLoaded={onDeepLoaded} />
      <ClearQueueDialog account={account.id} detail={detail} open={dialog === "clear"} onClose={close} />
      <ExportAllDialog account={account.id} queue={q} count={detail.approximateMessagesCount} open={dialog === "export"} onClose={close} />
    </div>
  );
}

"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format";
import { notify } from "@/lib/notify";
import type { Decoded } from "@/lib/messages/decode";
import type { AccountDto } from "@/lib/validation/accounts";
import type { MessageDto } from "@/lib/validation/messages";
import type { QueueDetail } from "@/lib/validation/queues";
import { ExportAllDialog } from "@/components/jobs/export-all-dialog";
import { ClearQueueDialog } from "./clear-queue-dialog";
import { downloadMessages } from "./download";
import { ImportDialog } from "./import-dialog";
import { SendMessageDialog } from "./send-message-dialog";

interface Props {
  account: AccountDto;
  detail: QueueDetail;
  loaded: MessageDto[];
  decode: (m: MessageDto) => Decoded;
  onDeepBrowse: () => void;
}

export function MessageActions({ account, detail, loaded, decode, onDeepBrowse }: Props) {
  const [dialog, setDialog] = useState<"send" | "import" | "clear" | "export" | null>(null);
  const close = () => setDialog(null);
  const exportAs = (kind: "json" | "ndjson") => {
    const count = downloadMessages(detail.name, loaded, decode, kind);
    notify.success(`Exported ${plural(count, "loaded message")} as ${kind.toUpperCase()}.`);
  };
  const q = detail.name;

  return (
    <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Message actions">
      {!account.can.operate ? null : (
        <>
          <Button variant="primary" onClick={() => setDialog("send")}>
            Send message…
          </Button>
          <Button onClick={() => setDialog("import")}>Import…</Button>
          <Button onClick={onDeepBrowse}>Deep browse…</Button>
        </>
      )}
      <Button onClick={() => exportAs("json")} disabled={!loaded.length}>
        Export JSON
      </Button>
      <Button onClick={() => exportAs("ndjson")} disabled={!loaded.length}>
        Export NDJSON
      </Button>
      {!account.can.operate ? null : (
        <Button onClick={() => setDialog("export")} disabled={!detail.approximateMessagesCount}>
          Export all…
        </Button>
      )}
      {!account.can.operate ? null : (
        <Button variant="danger" className="ml-auto" onClick={() => setDialog("clear")}>
          Clear queue…
        </Button>
      )}
      <SendMessageDialog account={account.id} queue={q} open={dialog === "send"} onClose={close} />
      <ImportDialog account={account.id} queue={q} open={dialog === "import"} onClose={close} />
      <ClearQueueDialog account={account.id} detail={detail} open={dialog === "clear"} onClose={close} />
      <ExportAllDialog
        account={account.id}
        queue={q}
        count={detail.approximateMessagesCount}
        open={dialog === "export"}
        onClose={close}
      />
    </div>
  );
}

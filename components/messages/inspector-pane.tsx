"use client";
import { Sheet } from "@/components/ui/sheet";
import { useMediaQuery } from "@/lib/hooks/use-media-query";
import { InspectedActions } from "./inspected-actions";
import { MessageInspector } from "./message-inspector";
import type { ListRow, useMessageList } from "./use-message-list";

interface Props {
  account: string;
  queue: string;
  list: ReturnType<typeof useMessageList>;
  inspected: ListRow;
  operate: boolean;
  onClose: () => void;
  onStatus: (status: string) => void;
  onDeepBrowse: () => void;
}

// Beside the list where the grid has room for both (xl); below that it would sit under the list,
// out of sight, so it opens as a sheet over it.
export const SIDE_BY_SIDE = "(min-width: 1280px)";

/** The inspected message with what can be done to it: a side panel on wide screens, a sheet on narrow ones. */
export function InspectorPane({ account, queue, list, inspected, operate, onClose, onStatus, onDeepBrowse }: Props) {
  const wide = useMediaQuery(SIDE_BY_SIDE);
  const id = inspected.message.id;
  const choice = list.choiceFor(id);
  const inspector = (
    <MessageInspector
      message={inspected.message}
      decoded={inspected.decoded}
      choice={choice}
      onChoice={(c) => list.setOverride(id, c)}
      remembered={choice === list.queueChoice}
      onRemember={() => list.setQueueChoice(choice)}
      bare={!wide}
      actions={
        operate ? (
          <InspectedActions
            key={id}
            account={account}
            queue={queue}
            message={inspected.message}
            onReceived={(m) => list.addReceived([m], null)}
            onReleased={list.refreshReceived}
            onDeepBrowse={onDeepBrowse}
            onChanged={list.replaceReceived}
            onGone={(gone) => {
              list.dropReceived([gone]);
              onClose();
            }}
            onStatus={onStatus}
          />
        ) : null
      }
    />
  );
  if (wide) return inspector;
  const backToRow = () => {
    onClose();
    // The row that opened the sheet takes focus back, also when the sheet came from a shared link.
    document.querySelector<HTMLButtonElement>(`button[aria-label="Inspect message ${CSS.escape(id)}"]`)?.focus();
  };
  return (
    <Sheet label={`Message ${id}`} onClose={backToRow}>
      {inspector}
    </Sheet>
  );
}

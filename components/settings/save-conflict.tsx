"use client";
import { Button } from "@/components/ui/button";

/** A save made in between: nothing was written, and the user chooses whose settings stay. */
export function SaveConflict({ onTheirs, onMine }: { onTheirs: () => void; onMine: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded-md border border-warn bg-warn-bg p-3 text-sm">
      <p>
        <strong>Someone saved these settings after you opened them.</strong> Your edits are still here; nothing was
        written.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button onClick={onTheirs}>Discard mine and load theirs</Button>
        <Button variant="danger" onClick={onMine}>
          Save mine over theirs
        </Button>
      </div>
    </div>
  );
}

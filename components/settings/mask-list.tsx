import { Panel } from "@/components/ui/panel";
import type { AccountDto } from "@/lib/validation/accounts";

/** The account's masked fields, as configured in the accounts file (read-only here). */
export function MaskList({ masks }: { masks: AccountDto["masks"] }) {
  return (
    <Panel title="Masked message fields">
      {masks ? (
        <div className="space-y-2 text-sm">
          <p className="text-muted">
            Replaced by •••• on the server for {masks.forAll ? "everyone" : "viewers"} in peeks, received messages,
            searches and exports
            {masks.appliesToYou ? " (you see them masked)" : " (you see them unmasked)"}. Set in the accounts file
            (mask, maskRegex, maskForAll).
          </p>
          {masks.paths.length ? (
            <ul aria-label="Masked JSONPaths" className="flex flex-wrap gap-2">
              {masks.paths.map((p) => (
                <li key={p} className="rounded bg-surface-2 px-2 py-0.5 font-mono text-xs">
                  {p}
                </li>
              ))}
            </ul>
          ) : null}
          {masks.regexCount ? (
            <p>{masks.regexCount === 1 ? "1 pattern" : `${masks.regexCount} patterns`} masked anywhere in the text.</p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-muted">
          No message fields are masked in this account. Add a mask list to its entry in the accounts file to hide fields
          from viewers.
        </p>
      )}
    </Panel>
  );
}

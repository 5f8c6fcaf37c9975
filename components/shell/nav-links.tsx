"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ account, audit }: { account: string; audit: boolean }) {
  const pathname = usePathname();
  const base = `/accounts/${encodeURIComponent(account)}`;
  const links = [
    { href: "/", label: "Overview" },
    { href: `${base}/queues`, label: "Queues" },
    { href: `${base}/settings`, label: "Settings" },
    { href: "/jobs", label: "Jobs" },
    { href: "/alerts", label: "Alerts" },
    ...(audit ? [{ href: "/audit", label: "Audit" }] : []),
  ];
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-1">
        {links.map((l) => {
          const active = pathname === l.href || (l.href !== "/" && pathname.startsWith(`${l.href}/`));
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block rounded-md px-3 py-1.5 text-sm ${active ? "bg-surface-2 font-semibold" : "text-muted hover:bg-surface-2 hover:text-fg"}`}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

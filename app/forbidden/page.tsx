import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md space-y-3 rounded-lg border border-border bg-surface p-6">
        <h1 className="text-xl font-bold">Your role cannot open this page</h1>
        <p className="text-sm text-muted">The audit log is for admins. Ask an administrator if you need it.</p>
        <Link href="/" className="text-sm text-accent hover:underline">
          Back to the queues
        </Link>
      </div>
    </main>
  );
}

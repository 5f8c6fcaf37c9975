import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-muted">This account or page does not exist in Queuescope&apos;s configuration.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-accent-fg">
        Go to the first account
      </Link>
    </main>
  );
}

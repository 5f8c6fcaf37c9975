import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { currentPageSession } from "@/lib/auth/page-user";
import { safeNext, SIGN_IN_ERRORS, type SignInErrorCode } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === "string" ? params.next : null);
  const error =
    typeof params.error === "string" && Object.hasOwn(SIGN_IN_ERRORS, params.error)
      ? (params.error as SignInErrorCode)
      : null;
  const session = await currentPageSession();
  if (session.user && error !== "no_role") redirect(next);
  if (session.mode === "local") redirect("/");
  const none = !session.signIn.password && !session.signIn.oidc;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-border bg-surface p-6 shadow-sm">
        <div className="flex items-center justify-between">
          <h1 className="text-xl font-bold tracking-tight">
            Sign in to Queue<span className="text-accent">scope</span>
          </h1>
          <ThemeToggle />
        </div>
        {none ? (
          <p role="alert" className="text-sm">
            {error
              ? SIGN_IN_ERRORS[error]
              : "Sign-in here is handled by the proxy in front of Queuescope. Open Queuescope through it."}
          </p>
        ) : (
          <SignInForm signIn={session.signIn} next={next} notice={error} />
        )}
      </div>
    </main>
  );
}

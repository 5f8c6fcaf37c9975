import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/api/error-codes";
import { listAccounts } from "@/lib/azure/accounts";
import type { AccountDto } from "@/lib/validation/accounts";
import type { SessionDto } from "@/lib/validation/auth";
import { currentUser, roleAtLeast, type CurrentUser, type Role } from "./roles";
import { toSessionDto } from "./session-dto";

/** Server components see the request through headers() and cookies(); rebuild enough of it. */
async function pageRequest(): Promise<Request> {
  const h = await headers();
  const jar = await cookies();
  return new Request("http://page.invalid/", {
    headers: { cookie: jar.toString(), ...Object.fromEntries(h.entries()) },
  });
}

export interface PageContext {
  user: CurrentUser;
  session: SessionDto;
  accounts: AccountDto[];
}

/**
 * The signed-in user for a page, or a redirect to the sign-in page that comes back here.
 * `need` sends users below that role to a page that says why. Asked once per request: a layout
 * and its page both call it.
 */
export const requirePageUser = cache(async function requirePageUser(need: Role = "viewer"): Promise<PageContext> {
  let user: CurrentUser | null;
  try {
    user = await currentUser(await pageRequest());
  } catch (err) {
    if (err instanceof AppError && err.code === "forbidden") redirect("/login?error=no_role");
    throw err;
  }
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (!roleAtLeast(user.role, need)) redirect("/forbidden");
  return { user, session: toSessionDto(user), accounts: listAccounts(user.role) };
});

export async function currentPageSession(): Promise<SessionDto> {
  try {
    return toSessionDto(await currentUser(await pageRequest()));
  } catch {
    return toSessionDto(null);
  }
}

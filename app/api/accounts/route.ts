import { route } from "@/lib/api/route";
import { listAccounts } from "@/lib/azure/accounts";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => Response.json({ accounts: listAccounts(ctx.user.role) }));

import { route } from "@/lib/api/route";
import { listAccounts } from "@/lib/azure/accounts";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () => Response.json({ accounts: listAccounts() }));

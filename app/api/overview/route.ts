import { route } from "@/lib/api/route";
import { getAccountConfigs } from "@/lib/azure/accounts";
import { overview } from "@/lib/metrics/history";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () => Response.json({ accounts: await overview(getAccountConfigs()) }));

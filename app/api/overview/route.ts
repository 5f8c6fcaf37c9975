import { route } from "@/lib/api/route";
import { getAccountConfigs } from "@/lib/azure/accounts";
import { overviewOf } from "@/lib/metrics/history";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () => Response.json({ accounts: await Promise.all(getAccountConfigs().map(overviewOf)) }));

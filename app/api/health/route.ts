import { route } from "@/lib/api/route";
import { getAccountConfigs } from "@/lib/azure/accounts";
import { probeAccount } from "@/lib/azure/health";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () => {
  const accounts = await Promise.all(getAccountConfigs().map(probeAccount));
  const status = accounts.every((a) => a.reachable) ? "ok" : "degraded";
  return Response.json({ status, accounts }, { headers: { "cache-control": "no-store" } });
});

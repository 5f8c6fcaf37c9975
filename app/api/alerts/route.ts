import { route } from "@/lib/api/route";
import { alertsOverview } from "@/lib/metrics/alerts";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () =>
  Response.json(await alertsOverview(), { headers: { "cache-control": "no-store" } }),
);

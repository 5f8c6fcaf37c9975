import { route } from "@/lib/api/route";
import { listJobs } from "@/lib/jobs/runner";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) =>
  Response.json({ jobs: await listJobs(ctx.user.role) }, { headers: { "cache-control": "no-store" } }),
);

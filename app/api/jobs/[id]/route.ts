import { AppError } from "@/lib/api/error-codes";
import { route, type RouteContext } from "@/lib/api/route";
import { cancelJob, getJob } from "@/lib/jobs/runner";

export const dynamic = "force-dynamic";

function jobId(ctx: RouteContext): string {
  const id = ctx.param("id");
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError("job_not_found", `No job "${id.slice(0, 64)}".`);
  return id;
}

export const GET = route("viewer", async (ctx) =>
  Response.json(await getJob(jobId(ctx), ctx.user.role), { headers: { "cache-control": "no-store" } }),
);

export const DELETE = route({ role: "operator", action: "job.cancel" }, async (ctx) => {
  const id = jobId(ctx);
  ctx.audit({ jobId: id });
  return Response.json(await cancelJob(id, ctx.user.role));
});

import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { getAccountConfig } from "@/lib/azure/accounts";
import { exportDownload, getJob } from "@/lib/jobs/runner";
import { maskerFor } from "@/lib/messages/mask";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const id = ctx.param("id");
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError("job_not_found", "No such job.");
  const job = await getJob(id);
  const body =
    job.kind === "export" && job.state !== "running"
      ? await exportDownload(job, maskerFor(getAccountConfig(job.account).masks, ctx.user.role))
      : null;
  if (!body) throw new AppError("not_found", "This job has no finished export to download.");
  const name = `${job.source}-${job.createdAt.replace(/[:.]/g, "-")}.ndjson`;
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});

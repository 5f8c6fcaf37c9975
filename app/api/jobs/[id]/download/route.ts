import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { AppError } from "@/lib/api/error-codes";
import { route } from "@/lib/api/route";
import { exportFile, getJob } from "@/lib/jobs/runner";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async (ctx) => {
  const id = ctx.param("id");
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError("job_not_found", "No such job.");
  const job = getJob(id);
  const file = exportFile(job.id);
  if (job.kind !== "export" || job.state === "running" || !existsSync(file)) throw new AppError("not_found", "This job has no finished export to download.");
  const name = `${job.source}-${job.createdAt.replace(/[:.]/g, "-")}.ndjson`;
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});

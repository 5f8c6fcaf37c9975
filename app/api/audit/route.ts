import { route } from "@/lib/api/route";
import { listAudit } from "@/lib/auth/audit";
import { auditQuerySchema } from "@/lib/validation/audit";

export const dynamic = "force-dynamic";

export const GET = route("admin", async (ctx) =>
  Response.json(await listAudit(ctx.query(auditQuerySchema)), { headers: { "cache-control": "no-store" } }),
);

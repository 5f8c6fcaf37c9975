import { route } from "@/lib/api/route";
import { testAlertWebhook } from "@/lib/metrics/alerts";
import { ruleId } from "../../rule-id";

export const dynamic = "force-dynamic";

export const POST = route({ role: "admin", action: "alert.rule.test" }, async (ctx) => {
  const id = ruleId(ctx);
  ctx.audit({ params: { id } });
  const result = await testAlertWebhook(id);
  ctx.audit({ params: { id, ok: result.ok, status: result.status } });
  return Response.json(result);
});

import { route } from "@/lib/api/route";
import { auditParams, updateAlertRule } from "@/lib/metrics/alert-rules";
import { alertRuleDto, removeAlertRule } from "@/lib/metrics/alerts";
import { alertRuleInputSchema } from "@/lib/validation/alerts";
import { ruleId } from "../rule-id";

export const dynamic = "force-dynamic";

export const PUT = route({ role: "admin", action: "alert.rule.update" }, async (ctx) => {
  const id = ruleId(ctx);
  const fields = await ctx.body(alertRuleInputSchema);
  ctx.audit({ params: { id, ...auditParams(fields) } });
  return Response.json(alertRuleDto(await updateAlertRule(id, fields)));
});

export const DELETE = route({ role: "admin", action: "alert.rule.delete" }, async (ctx) => {
  const id = ruleId(ctx);
  ctx.audit({ params: { id } });
  const rule = await removeAlertRule(id);
  ctx.audit({ params: { id, name: rule.name } });
  return new Response(null, { status: 204 });
});

import { route } from "@/lib/api/route";
import { createAlertRule, auditParams } from "@/lib/metrics/alert-rules";
import { alertRuleDto, listAlertRuleDtos } from "@/lib/metrics/alerts";
import { alertRuleInputSchema } from "@/lib/validation/alerts";

export const dynamic = "force-dynamic";

// Rules name webhook URLs, which often carry the receiver's token: admins only.
export const GET = route("admin", async () =>
  Response.json({ rules: await listAlertRuleDtos() }, { headers: { "cache-control": "no-store" } }),
);

export const POST = route({ role: "admin", action: "alert.rule.create" }, async (ctx) => {
  const fields = await ctx.body(alertRuleInputSchema);
  ctx.audit({ params: auditParams(fields) });
  const rule = await createAlertRule(fields);
  ctx.audit({ params: { id: rule.id, ...auditParams(fields) } });
  return Response.json(alertRuleDto(rule), { status: 201 });
});

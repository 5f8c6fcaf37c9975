import { AppError } from "@/lib/api/error-codes";
import type { RouteContext } from "@/lib/api/route";
import { alertRuleIdSchema } from "@/lib/validation/alerts";

/** The rule id in the path; anything that cannot be an id is as unknown as a deleted one. */
export function ruleId(ctx: RouteContext): string {
  const id = ctx.param("id");
  if (!alertRuleIdSchema.safeParse(id).success) throw new AppError("not_found", `No alert rule "${id.slice(0, 64)}".`);
  return id;
}

import { route } from "@/lib/api/route";
import { currentUser } from "@/lib/auth/roles";
import { toSessionDto } from "@/lib/auth/session-dto";

export const dynamic = "force-dynamic";

export const GET = route({ role: "public" }, async ({ req }) =>
  Response.json(toSessionDto(await currentUser(req)), { headers: { "cache-control": "no-store" } }),
);

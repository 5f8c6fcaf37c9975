import { errorResponse } from "@/lib/api/respond";
import { currentUser } from "@/lib/auth/roles";
import { toSessionDto } from "@/lib/auth/session-dto";
import type { NextRequest } from "next/server";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest): Promise<Response> {
  try {
    return Response.json(toSessionDto(await currentUser(req)), { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}

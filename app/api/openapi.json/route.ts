import { route } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export const GET = route("viewer", async () => Response.json(openApiDocument()));

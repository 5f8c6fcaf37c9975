import { route } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

// The registry and its schemas are fixed for the life of the process: built once (~25 ms).
let document: ReturnType<typeof openApiDocument> | undefined;

export const GET = route("viewer", async () => Response.json((document ??= openApiDocument())));

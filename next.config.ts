import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // The Azure SDKs use Node built-ins and dynamic requires; load them from node_modules.
  serverExternalPackages: ["@azure/storage-queue", "@azure/identity", "@azure/core-rest-pipeline"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build checks the app only; tests, e2e, bench and scripts are checked by \`npm run typecheck\`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;

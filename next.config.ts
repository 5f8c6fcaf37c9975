import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Azure SDKs use Node built-ins and dynamic requires; load them from node_modules.
  serverExternalPackages: ["@azure/storage-queue", "@azure/identity", "@azure/core-rest-pipeline"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

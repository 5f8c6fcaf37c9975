import "server-only";
import { createHash } from "node:crypto";
import type { QueueServiceProperties } from "@azure/storage-queue";
import { AppError } from "@/lib/api/error-codes";
import type { AccountConfig } from "@/lib/config/accounts";
import type {
  CorsRule,
  ServiceProperties,
  ServicePropertiesDto,
  ServicePropertiesUpdate,
  ServiceStatsDto,
} from "@/lib/validation/service";
import { clientForEndpoint, getServiceClient } from "./clients";
import { storageCall } from "./errors";

type SdkMetrics = NonNullable<QueueServiceProperties["hourMetrics"]>;

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const days = (p: { enabled: boolean; days?: number } | undefined) => (p?.enabled ? (p.days ?? null) : null);
const retention = (d: number | null) => (d === null ? { enabled: false } : { enabled: true, days: d });

function metricsFrom(m: SdkMetrics | undefined) {
  return {
    enabled: m?.enabled ?? false,
    includeApis: m?.enabled ? (m.includeAPIs ?? false) : false,
    retentionDays: days(m?.retentionPolicy),
  };
}

function metricsTo(m: ServiceProperties["hourMetrics"]): SdkMetrics {
  return {
    version: "1.0",
    enabled: m.enabled,
    ...(m.enabled ? { includeAPIs: m.includeApis } : {}),
    retentionPolicy: retention(m.retentionDays),
  };
}

function toDto(p: QueueServiceProperties): ServiceProperties {
  const log = p.queueAnalyticsLogging;
  return {
    cors: (p.cors ?? []).map((r) => ({
      allowedOrigins: list(r.allowedOrigins),
      allowedMethods: list(r.allowedMethods).map((m) => m.toUpperCase()) as CorsRule["allowedMethods"],
      allowedHeaders: list(r.allowedHeaders),
      exposedHeaders: list(r.exposedHeaders),
      maxAgeInSeconds: r.maxAgeInSeconds,
    })),
    logging: {
      read: log?.read ?? false,
      write: log?.write ?? false,
      delete: log?.deleteProperty ?? false,
      retentionDays: days(log?.retentionPolicy),
    },
    hourMetrics: metricsFrom(p.hourMetrics),
    minuteMetrics: metricsFrom(p.minuteMetrics),
  };
}

function versionOf(p: ServiceProperties): string {
  return createHash("sha256").update(JSON.stringify(p)).digest("hex").slice(0, 16);
}

export async function getServiceProperties(account: AccountConfig): Promise<ServicePropertiesDto> {
  const props = toDto(await storageCall(() => getServiceClient(account).getProperties()));
  return { ...props, version: versionOf(props) };
}

/**
 * Writes only the sections given; the service keeps the others. The current properties are read
 * first: if they no longer match the version the edit started from, nothing is written.
 */
export async function setServiceProperties(
  account: AccountConfig,
  update: ServicePropertiesUpdate,
): Promise<ServicePropertiesDto> {
  const current = await getServiceProperties(account);
  if (update.version && update.version !== current.version) {
    throw new AppError(
      "properties_changed",
      "Someone saved these settings after you opened them. Review what the service now reports, then save again.",
      { current },
    );
  }
  const body: QueueServiceProperties = {};
  if (update.cors) {
    body.cors = update.cors.map((r) => ({
      allowedOrigins: r.allowedOrigins.join(","),
      allowedMethods: r.allowedMethods.join(","),
      allowedHeaders: r.allowedHeaders.join(","),
      exposedHeaders: r.exposedHeaders.join(","),
      maxAgeInSeconds: r.maxAgeInSeconds,
    }));
  }
  if (update.logging) {
    const l = update.logging;
    body.queueAnalyticsLogging = {
      version: "1.0",
      read: l.read,
      write: l.write,
      deleteProperty: l.delete,
      retentionPolicy: retention(l.retentionDays),
    };
  }
  if (update.hourMetrics) body.hourMetrics = metricsTo(update.hourMetrics);
  if (update.minuteMetrics) body.minuteMetrics = metricsTo(update.minuteMetrics);
  if (Object.keys(body).length) await storageCall(() => getServiceClient(account).setProperties(body));
  return getServiceProperties(account);
}

/** The secondary endpoint: `<account>-secondary` in the host, or in the path for emulator-style URLs. */
export function secondaryEndpoint(account: AccountConfig): string {
  const url = new URL(account.queueEndpoint);
  const [first, ...rest] = url.pathname.split("/").filter(Boolean);
  if (first && first.toLowerCase() === account.accountName.toLowerCase()) {
    url.pathname = `/${[`${first}-secondary`, ...rest].join("/")}`;
  } else {
    const [label, ...domain] = url.hostname.split(".");
    url.hostname = [`${label}-secondary`, ...domain].join(".");
  }
  return url.toString().replace(/\/$/, "");
}

export async function getServiceStats(account: AccountConfig): Promise<ServiceStatsDto> {
  const secondary = clientForEndpoint(account, secondaryEndpoint(account));
  try {
    const stats = await secondary.getStatistics();
    const geo = stats.geoReplication;
    return {
      geoReplication: {
        status: geo?.status ?? "unknown",
        lastSyncOn: geo?.lastSyncOn ? new Date(geo.lastSyncOn).toISOString() : null,
      },
    };
  } catch {
    throw new AppError(
      "not_available",
      "Geo-replication statistics are not available for this account: it has no readable secondary endpoint (only RA-GRS and RA-GZRS accounts have one).",
    );
  }
}

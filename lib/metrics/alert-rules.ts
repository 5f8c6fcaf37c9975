import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import { getAccountConfig } from "@/lib/azure/accounts";
import {
  deleteRecord,
  getRecord,
  insertRecord,
  odata,
  queryRecords,
  replaceRecord,
  scanRecords,
  StateConflict,
  type StoredEntity,
} from "@/lib/state/store";
import {
  webhookTarget,
  type AlertCondition,
  type AlertRuleDto,
  type AlertRuleFields,
  type WebhookFormat,
} from "@/lib/validation/alerts";

/*
 * Layout: rules in the "alertrules" table, one partition ("rule"), row key = id. Everything that
 * happens under a rule (its per-queue states, its transitions, its delivery counters) lives in the
 * "alerts" table in a partition named after the rule id, so a state change and the transition it
 * causes are written in one transaction (see alert-store.ts).
 */
const PARTITION = "rule";

interface RuleRecord {
  [key: string]: string | number | boolean | undefined;
  name: string;
  account: string;
  queuePattern: string;
  condition: string;
  threshold: number;
  forSeconds: number;
  webhookUrl?: string;
  webhookFormat: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AlertRule extends Omit<AlertRuleDto, "deliveries"> {
  etag: string;
}

function toRule(r: StoredEntity<RuleRecord>): AlertRule {
  return {
    id: r.rowKey,
    name: r.name,
    account: r.account,
    queuePattern: r.queuePattern,
    condition: r.condition as AlertCondition,
    threshold: Number(r.threshold),
    forSeconds: Number(r.forSeconds),
    webhookUrl: r.webhookUrl || undefined,
    webhookFormat: (r.webhookFormat || "json") as WebhookFormat,
    enabled: r.enabled !== false,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    etag: r.etag,
  };
}

function toRecord(fields: AlertRuleFields, createdAt: string, updatedAt: string): RuleRecord {
  return { ...fields, webhookUrl: fields.webhookUrl ?? "", createdAt, updatedAt };
}

/** The rule's fields fit for an audit entry: the webhook only by its origin (its path is often a token). */
export function auditParams(fields: AlertRuleFields): Record<string, unknown> {
  const { webhookUrl, ...rest } = fields;
  return { ...rest, webhookTarget: webhookTarget(webhookUrl) };
}

function notFound(id: string): AppError {
  return new AppError("not_found", `No alert rule "${id.slice(0, 64)}". It may have been deleted; reload the list.`);
}

export async function listAlertRules(): Promise<AlertRule[]> {
  const rules = (await queryRecords<RuleRecord>("alertrules", { partitionKey: PARTITION })).map(toRule);
  return rules.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Enabled rules of one account (what a sample round of that account is checked against). */
export async function enabledRulesFor(account: string): Promise<AlertRule[]> {
  const out: AlertRule[] = [];
  await scanRecords<RuleRecord>(
    "alertrules",
    { partitionKey: PARTITION, filter: odata`account eq ${account}` },
    (r) => {
      const rule = toRule(r);
      if (rule.enabled) out.push(rule);
      return true;
    },
  );
  return out;
}

export async function getAlertRule(id: string): Promise<AlertRule> {
  const r = await getRecord<RuleRecord>("alertrules", PARTITION, id);
  if (!r) throw notFound(id);
  return toRule(r);
}

export async function createAlertRule(fields: AlertRuleFields, now = new Date()): Promise<AlertRule> {
  getAccountConfig(fields.account);
  const id = randomBytes(8).toString("hex");
  const at = now.toISOString();
  const etag = await insertRecord("alertrules", { partitionKey: PARTITION, rowKey: id, ...toRecord(fields, at, at) });
  return { id, ...fields, createdAt: at, updatedAt: at, etag };
}

export async function updateAlertRule(id: string, fields: AlertRuleFields, now = new Date()): Promise<AlertRule> {
  getAccountConfig(fields.account);
  const current = await getAlertRule(id);
  const at = now.toISOString();
  try {
    const etag = await replaceRecord(
      "alertrules",
      { partitionKey: PARTITION, rowKey: id, ...toRecord(fields, current.createdAt, at) },
      current.etag,
    );
    return { id, ...fields, createdAt: current.createdAt, updatedAt: at, etag };
  } catch (err) {
    if (err instanceof StateConflict)
      throw new AppError(
        "properties_changed",
        "Someone else changed this rule at the same time. Reload it and try again.",
      );
    throw err;
  }
}

export async function deleteAlertRule(id: string): Promise<AlertRule> {
  const current = await getAlertRule(id);
  await deleteRecord("alertrules", PARTITION, id);
  return current;
}

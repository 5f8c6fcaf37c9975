import { describe, expect, it } from "vitest";
import { checkRows } from "@/lib/queues/metadata-rows";
import type { QueueSummary } from "@/lib/validation/queues";
import { buildRows, filterRows, mergeRows, sortRows, totalMessages, type TableView } from "@/lib/queues/table";
import type { SnapshotQueueDto } from "@/lib/validation/metrics";
import { isPoisonQueue, parentOf } from "@/lib/queues/poison";

const queues: QueueSummary[] = [
  { name: "orders", metadata: { team: "checkout" } },
  { name: "orders-poison", metadata: {} },
  { name: "emails", metadata: {} },
  { name: "lonely-poison", metadata: { owner: "ops" } },
  { name: "zeta", metadata: {} },
];
const counts = { orders: 12, "orders-poison": 5, emails: 3, "lonely-poison": 40 };
const view = (v: Partial<TableView> = {}): TableView => ({
  filter: "",
  poisonOnly: false,
  sort: "name",
  descending: false,
  ...v,
});

describe("poison queues", () => {
  it.each([
    ["orders-poison", true, "orders"],
    ["orders-dlq", true, "orders"],
    ["billing-eu-deadletter", true, "billing-eu"],
    ["poison", true, null],
    ["dlq", true, null],
    ["-poison", false, null],
    ["orders", false, null],
    ["poisonous", false, null],
    ["a-poison-b", false, null],
  ])("%s → poison %s, parent %s", (name, poison, parent) => {
    expect(isPoisonQueue(name)).toBe(poison);
    expect(parentOf(name)).toBe(parent);
  });

  it("links a poison queue to its parent only when the parent exists", () => {
    const rows = buildRows(queues, counts, view());
    expect(rows.find((r) => r.name === "orders-poison")).toMatchObject({ poison: true, parent: "orders" });
    expect(rows.find((r) => r.name === "lonely-poison")).toMatchObject({ poison: true, parent: null });
  });
});

describe("buildRows", () => {
  it("sorts by name both ways", () => {
    expect(buildRows(queues, counts, view()).map((r) => r.name)).toEqual([
      "emails",
      "lonely-poison",
      "orders",
      "orders-poison",
      "zeta",
    ]);
    expect(buildRows(queues, counts, view({ descending: true })).map((r) => r.name)[0]).toBe("zeta");
  });

  it("sorts by depth with uncounted queues last in both directions", () => {
    expect(buildRows(queues, counts, view({ sort: "depth", descending: true })).map((r) => r.name)).toEqual([
      "lonely-poison",
      "orders",
      "orders-poison",
      "emails",
      "zeta",
    ]);
    expect(buildRows(queues, counts, view({ sort: "depth" })).map((r) => r.name)).toEqual([
      "emails",
      "orders-poison",
      "orders",
      "lonely-poison",
      "zeta",
    ]);
  });

  it("filters by name or metadata, and poison only", () => {
    expect(buildRows(queues, counts, view({ filter: "ORD" })).map((r) => r.name)).toEqual(["orders", "orders-poison"]);
    expect(buildRows(queues, counts, view({ filter: "owner=ops" })).map((r) => r.name)).toEqual(["lonely-poison"]);
    expect(buildRows(queues, counts, view({ poisonOnly: true })).map((r) => r.name)).toEqual([
      "lonely-poison",
      "orders-poison",
    ]);
  });

  it("totals only what has been counted", () => {
    expect(totalMessages(buildRows(queues, counts, view()))).toEqual({ total: 60, counted: 4 });
  });
});

const sample = (name: string, count: number, more: Partial<SnapshotQueueDto> = {}): SnapshotQueueDto => ({
  name,
  count,
  previousCount: null,
  oldestAgeSeconds: null,
  netPerMinute: null,
  growing: false,
  stalled: false,
  drainEtaSeconds: null,
  spark: [count],
  ...more,
});
const snapshot = [
  sample("orders", 10, { previousCount: 4, netPerMinute: 6, growing: true, oldestAgeSeconds: 120 }),
  sample("orders-poison", 5, { previousCount: 5, stalled: true, oldestAgeSeconds: 900 }),
  sample("emails", 3, { previousCount: 9, netPerMinute: -6, drainEtaSeconds: 30, oldestAgeSeconds: 60 }),
  sample("gone", 7),
];

describe("rows from the latest sample", () => {
  it("paints the snapshot's queues with their sampled counts before the listing has names", () => {
    const rows = mergeRows([], {}, snapshot, false);
    expect(rows.map((r) => [r.name, r.approximateMessagesCount, r.delta])).toEqual([
      ["orders", 10, 6],
      ["orders-poison", 5, 0],
      ["emails", 3, -6],
      ["gone", 7, null],
    ]);
    expect(rows.find((r) => r.name === "orders-poison")).toMatchObject({
      poison: true,
      parent: "orders",
      stalled: true,
    });
  });

  it("keeps only listed queues once the listing is complete; a live count beats the sampled one", () => {
    const rows = mergeRows(queues, { orders: 12 }, snapshot, true);
    expect(rows.map((r) => r.name).sort()).toEqual(["emails", "lonely-poison", "orders", "orders-poison", "zeta"]);
    expect(rows.find((r) => r.name === "orders")).toMatchObject({
      approximateMessagesCount: 12,
      metadata: { team: "checkout" },
      growing: true,
    });
    expect(rows.find((r) => r.name === "zeta")).toMatchObject({
      approximateMessagesCount: undefined,
      spark: null,
      delta: null,
    });
  });

  it("sorts by every sampled figure, queues without it last in both directions", () => {
    const rows = mergeRows(queues, {}, snapshot, true);
    expect(sortRows(rows, "delta", true).map((r) => r.name)).toEqual([
      "orders",
      "orders-poison",
      "emails",
      "zeta",
      "lonely-poison",
    ]);
    expect(sortRows(rows, "delta", false).map((r) => r.name)).toEqual([
      "emails",
      "orders-poison",
      "orders",
      "lonely-poison",
      "zeta",
    ]);
    expect(
      sortRows(rows, "rate", true)
        .map((r) => r.name)
        .slice(0, 2),
    ).toEqual(["orders", "emails"]);
    expect(
      sortRows(rows, "age", true)
        .map((r) => r.name)
        .slice(0, 3),
    ).toEqual(["orders-poison", "orders", "emails"]);
    expect(sortRows(rows, "eta", true).map((r) => r.name)[0]).toBe("emails");
    expect(
      sortRows(rows, "flags", true)
        .map((r) => r.name)
        .slice(0, 2),
    ).toEqual(["orders-poison", "orders"]);
  });

  it("filters on poison not empty, stalled and growing, keeping the order", () => {
    const rows = sortRows(mergeRows(queues, { "lonely-poison": 0 }, snapshot, true), "name", false);
    expect(
      filterRows(rows, { filter: "", poisonOnly: false, only: { poisonNotEmpty: true } }).map((r) => r.name),
    ).toEqual(["orders-poison"]);
    expect(filterRows(rows, { filter: "", poisonOnly: false, only: { stalled: true } }).map((r) => r.name)).toEqual([
      "orders-poison",
    ]);
    expect(filterRows(rows, { filter: "", poisonOnly: false, only: { growing: true } }).map((r) => r.name)).toEqual([
      "orders",
    ]);
    expect(filterRows(rows, { filter: "mail", poisonOnly: false, only: { growing: true } })).toEqual([]);
  });

  it("counts a -dlq or -deadletter queue as poison, as the overview and the alerts do", () => {
    const named: QueueSummary[] = ["jobs", "jobs-dlq", "mail-deadletter", "empty-dlq"].map((name) => ({
      name,
      metadata: {},
    }));
    const rows = mergeRows(named, { jobs: 4, "jobs-dlq": 2, "mail-deadletter": 1, "empty-dlq": 0 });
    expect(
      filterRows(rows, { filter: "", poisonOnly: false, only: { poisonNotEmpty: true } }).map((r) => r.name),
    ).toEqual(["jobs-dlq", "mail-deadletter"]);
    expect(filterRows(rows, { filter: "", poisonOnly: true }).map((r) => r.name)).toEqual([
      "jobs-dlq",
      "mail-deadletter",
      "empty-dlq",
    ]);
    expect(rows.find((r) => r.name === "jobs-dlq")?.parent).toBe("jobs");
  });
});

describe("metadata rows", () => {
  it("accepts valid rows and ignores blank ones", () => {
    expect(
      checkRows([
        { name: "team", value: "ops" },
        { name: "", value: "" },
      ]),
    ).toMatchObject({ metadata: { team: "ops" }, rowErrors: {} });
  });

  it("puts each error on its row", () => {
    const { metadata, rowErrors } = checkRows([
      { name: "ok", value: "1" },
      { name: "bad-name", value: "2" },
      { name: "OK", value: "3" },
      { name: "", value: "orphan" },
      { name: "ok", value: "again" },
    ]);
    expect(metadata).toBeNull();
    expect(rowErrors[0]).toBeUndefined();
    expect(rowErrors[1]).toMatch(/not a valid metadata name/);
    expect(rowErrors[2]).toMatch(/differ only in case/);
    expect(rowErrors[3]).toMatch(/name/);
    expect(rowErrors[4]).toMatch(/used twice/);
  });
});

describe("metadata names the SDK cannot read back", () => {
  it.each(["__proto__", "constructor", "prototype", "toString", "VALUEOF", "__hasOwnProperty"])(
    "refuses a row named %s, saying why",
    (name) => {
      const { metadata, rowErrors } = checkRows([
        { name: "team", value: "ops" },
        { name, value: "x" },
      ]);
      expect(metadata).toBeNull();
      expect(rowErrors[1]).toContain("cannot read it back");
    },
  );

  it("still accepts names that merely contain those words", () => {
    expect(
      checkRows([
        { name: "myConstructor", value: "x" },
        { name: "to_string", value: "y" },
      ]).metadata,
    ).toEqual({ myConstructor: "x", to_string: "y" });
  });
});

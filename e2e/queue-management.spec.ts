import { expect, test } from "./support/fixtures";
import { QueuePage } from "./support/queue-page";
import { uniqueQueueName } from "./support/storage";

test.describe("queue management", () => {
  test("creates a queue after refusing an invalid name, then lists it; the table loads no schemas until then", async ({
    page,
    queuesPage,
  }) => {
    const name = uniqueQueueName("e2e-created");
    const scripts: Promise<string>[] = [];
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") scripts.push(r.text().catch(() => ""));
    });
    const holdsZod = (texts: string[]) => texts.some((t) => t.includes("$ZodError"));
    await queuesPage.goto();
    await page.waitForLoadState("networkidle");
    const table = await Promise.all(scripts);
    expect(table.length).toBeGreaterThan(0);
    // The validation library (~360 KB with its locales) is the create dialog's, not the table's.
    expect(holdsZod(table)).toBe(false);
    await page.getByRole("button", { name: "+ New queue" }).click();
    const dialog = page.getByRole("dialog", { name: "Create queue" });
    const nameInput = dialog.getByRole("textbox", { name: "Queue name" });
    await nameInput.fill("Bad--Name");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    await expect(dialog.getByText("Queue names use only lowercase letters, digits and hyphens.")).toBeVisible();
    expect(holdsZod(await Promise.all(scripts))).toBe(true);
    await expect(nameInput).toHaveAttribute("aria-invalid", "true");

    await nameInput.fill(name);
    await dialog.getByRole("button", { name: "+ Add metadata" }).click();
    await dialog.getByRole("textbox", { name: "Metadata name 1" }).fill("owner");
    await dialog.getByRole("textbox", { name: "Metadata value 1" }).fill("e2e");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    await expect(page).toHaveURL(new RegExp(`/queues/${name}`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);

    await queuesPage.goto();
    await expect(queuesPage.row(name)).toContainText("owner=e2e");
  });

  test("refuses a duplicate name with the service's answer", async ({ page, queuesPage }) => {
    await queuesPage.goto();
    await page.getByRole("button", { name: "+ New queue" }).click();
    const dialog = page.getByRole("dialog", { name: "Create queue" });
    await dialog.getByRole("textbox", { name: "Queue name" }).fill("orders");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    await expect(dialog.getByRole("alert")).toContainText("already exists");
  });

  test("filters instantly, shows poison only, and sorts by depth", async ({ page, queuesPage }) => {
    await queuesPage.goto();
    await queuesPage.waitForCounts();
    await page.getByRole("searchbox", { name: "Filter" }).fill("ord");
    await expect(queuesPage.rows).toHaveCount(2);
    await page.getByRole("searchbox", { name: "Filter" }).fill("");
    await page.getByRole("checkbox", { name: "Poison queues only" }).check();
    await expect(queuesPage.queueLink("orders-poison")).toBeVisible();
    await expect(queuesPage.queueLink("emails")).toHaveCount(0);
    await page.getByRole("checkbox", { name: "Poison queues only" }).uncheck();

    await page
      .getByRole("columnheader", { name: /Messages/ })
      .getByRole("button")
      .click();
    await expect(page.getByRole("columnheader", { name: /Messages/ })).toHaveAttribute("aria-sort", "descending");
    const counts = await queuesPage.rows.evaluateAll((rows) =>
      rows.map((r) => Number(r.querySelectorAll('[role="cell"]')[0]?.textContent?.replace(/[^\d]/g, "") || -1)),
    );
    expect(counts.length).toBeGreaterThan(3);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  test("links a poison queue to its parent", async ({ page, queuesPage }) => {
    await queuesPage.goto();
    // The shared instance holds many test queues by now: find the row rather than scroll to it.
    await page.getByRole("searchbox", { name: "Filter" }).fill("orders");
    await expect(queuesPage.row("orders-poison").getByText("poison", { exact: true })).toBeVisible();
    await queuesPage.row("orders-poison").getByRole("link", { name: "Parent queue orders" }).click();
    await expect(page).toHaveURL(/\/queues\/orders$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("orders");
  });

  test("edits metadata, refusing an invalid name first", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-meta");
    await storage.getQueueClient(name).create({ metadata: { team: "a" } });
    const queue = new QueuePage(page);
    await queue.goto(name, "properties");
    await queue.button("Edit metadata").click();
    await page.getByRole("textbox", { name: "Metadata name 1" }).fill("bad-name");
    await expect(page.getByText(/not a valid metadata name/)).toBeVisible();
    await expect(queue.button("Save metadata")).toBeDisabled();
    await page.getByRole("textbox", { name: "Metadata name 1" }).fill("team");
    await page.getByRole("textbox", { name: "Metadata value 1" }).fill("platform");
    await queue.button("Save metadata").click();
    await expect(page.getByRole("region", { name: "Metadata" }).getByText("platform")).toBeVisible();
    expect((await storage.getQueueClient(name).getProperties()).metadata).toEqual({ team: "platform" });
  });

  test("adds and removes a stored access policy, at most five", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-acl");
    await storage.getQueueClient(name).create();
    const queue = new QueuePage(page);
    await queue.goto(name, "properties");
    await queue.button("Edit policies").click();
    for (let i = 1; i <= 5; i++) {
      await queue.button("+ Add policy").click();
      await page
        .getByRole("group", { name: `Policy ${i}` })
        .getByRole("textbox", { name: "Id" })
        .fill(`policy-${i}`);
    }
    await expect(queue.button("+ Add policy")).toBeDisabled();
    await queue.button("Remove policy policy-5").click();
    await queue.button("Remove policy policy-4").click();
    await queue.button("Remove policy policy-3").click();
    await page
      .getByRole("group", { name: "Policy 2" })
      .getByRole("checkbox", { name: "Process (receive and delete)" })
      .check();
    await queue.button("Save policies").click();
    await expect(page.getByRole("heading", { name: "Stored access policies (2 of 5)" })).toBeVisible();
    const saved = await storage.getQueueClient(name).getAccessPolicy();
    expect(saved.signedIdentifiers.map((s) => [s.id, s.accessPolicy?.permissions])).toEqual([
      ["policy-1", "r"],
      ["policy-2", "rp"],
    ]);
  });

  test("deletes a queue only after its name is typed, naming the messages destroyed", async ({
    page,
    storage,
    queuesPage,
  }) => {
    const name = uniqueQueueName("e2e-doomed");
    const client = storage.getQueueClient(name);
    await client.create();
    for (let i = 0; i < 3; i++) await client.sendMessage(`m${i}`);
    const queue = new QueuePage(page);
    await queue.goto(name);
    await queue.button("Delete queue…").click();
    const dialog = queue.dialog(`Delete queue “${name}”?`);
    await expect(dialog).toContainText("~3 messages");
    const confirm = dialog.getByRole("button", { name: "Delete queue and messages" });
    await expect(confirm).toBeDisabled();
    await dialog.getByRole("textbox").fill(name.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await dialog.getByRole("textbox").fill(name);
    await confirm.click();
    await expect(page).toHaveURL(/\/accounts\/local\/queues$/);
    await queuesPage.ready();
    await expect(queuesPage.queueLink(name)).toHaveCount(0);
    expect(await storage.getQueueClient(name).exists()).toBe(false);
  });
});

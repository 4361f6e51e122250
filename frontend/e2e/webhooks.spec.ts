/**
 * Webhooks for admins: register an endpoint (a refused URL's message at its field, the secret
 * shown once), disable and enable it, rotate its secret, see the delivery the rotation made to a
 * receiver on 127.0.0.1 (served by this test; the e2e server allows loopback URLs and runs the
 * worker in its own process), its failed attempt, a redelivery's outcome, and remove it. A
 * non-admin sees no Webhooks link.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import type { components } from "../src/client/schema";
import { axeScan, baseUrl, expect, openView, screenshot, settle, signIn, signInAs, test } from "./fixtures";

type S = components["schemas"];

/** A receiver answering `status` to every POST, counting what it got. */
async function receiver(): Promise<{ server: Server; url: string; set: (status: number) => void; got: string[] }> {
  let status = 500;
  const got: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      got.push(body);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/e2e-${Date.now()}`, set: (s) => (status = s), got };
}

/** The row of the endpoints table for `url`. */
function endpointRow(page: Page, url: string) {
  return page.getByTestId("table-webhooks").getByRole("row").filter({ hasText: url });
}

test("an admin registers an endpoint, sees its secret once, disables, enables and rotates it, sees and redelivers its delivery, and removes it", async ({ page, api, watch }) => {
  test.setTimeout(60_000);
  const hook = await receiver();
  try {
    await signIn(page, "/webhooks");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Webhooks" }).click();
    await settle(page);
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByTestId("as-of-note")).toHaveCount(0); // the present only: no as-of day

    // A URL with a user name is refused by the API: the message is at the URL field.
    await page.getByRole("button", { name: "Register endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Register endpoint" });
    const form = dialog.getByTestId("endpoint-form");
    watch.allow(422);
    await form.getByLabel("URL").fill("https://someone:secret@hooks.example.org/in");
    await form.getByLabel("Description").fill("E2E receiver");
    await form.getByRole("button", { name: "Register endpoint" }).click();
    await expect(form.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
    await expect(form.locator(".field").filter({ has: page.getByLabel("URL") }).locator("p.error")).toContainText("user name or password");
    await expect(form.getByTestId("form-problem")).toContainText("Webhooks may not be sent to this URL");

    // The receiver on 127.0.0.1, two event types typed (one picked from the list the API documents).
    await form.getByLabel("URL").fill(hook.url);
    await form.getByLabel("Event types").fill("webhook-endpoint.rotated, milestone.achieved");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect(form.getByTestId("types-chosen")).toContainText("webhook-endpoint.rotated");
    await expect(form.getByTestId("types-chosen")).toContainText("milestone.achieved");
    await form.getByRole("button", { name: "Register endpoint" }).click();

    const created = page.getByRole("dialog", { name: "Endpoint registered" });
    await expect(created.getByText("it will not be shown again")).toBeVisible();
    const secret = await created.getByTestId("secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await created.getByRole("button", { name: "Close" }).click();

    const row = endpointRow(page, hook.url);
    await expect(row).toContainText("Active");
    await expect(row).toContainText("webhook-endpoint.rotated, milestone.achieved");
    await expect(row).toContainText("All programmes");
    // Never shown again: not on the page, not in the API's answers.
    await expect(page.getByText(secret)).toHaveCount(0);
    const listed = await page.request.get(`${baseUrl()}/api/v1/webhook-endpoints?limit=500`, { headers: await api.authHeaders() });
    const mine = ((await listed.json()) as S["WebhookEndpointPage"]).items.find((e) => e.url === hook.url);
    expect(mine, "the endpoint is listed").toBeTruthy();
    expect(JSON.stringify(mine)).not.toContain(secret);

    await axeScan(page, "the webhooks view");

    // Edit: the form opens with the endpoint as it stands, and saves what changed.
    await row.getByRole("button", { name: `Edit ${hook.url}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit endpoint" });
    await expect(edit.getByLabel("Description")).toHaveValue("E2E receiver");
    await edit.getByLabel("Description").fill("E2E receiver, edited");
    await edit.getByRole("button", { name: "Save endpoint" }).click();
    await expect(page.getByTestId("toast")).toContainText(`Saved ${hook.url}.`);
    await expect(row).toContainText("E2E receiver, edited");

    // Disable, then enable.
    await row.getByRole("button", { name: `Disable ${hook.url}` }).click();
    await expect(row).toContainText("Disabled");
    await expect(row).toContainText("disabled by an admin");
    await row.getByRole("button", { name: `Enable ${hook.url}` }).click();
    await expect(row).toContainText("Active");
    await expect(row).not.toContainText("disabled by an admin");

    // Rotate: the new secret once, and when the old one stops signing.
    await row.getByRole("button", { name: `Rotate secret of ${hook.url}` }).click();
    const rotate = page.getByRole("dialog", { name: "Rotate signing secret" });
    await rotate.getByRole("button", { name: "Rotate secret" }).click();
    const fresh = await rotate.getByTestId("secret").inputValue();
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(secret);
    await expect(rotate.getByTestId("secret-note")).toContainText("The previous secret keeps signing deliveries");
    await expect(rotate.getByTestId("secret-note")).toContainText("UTC");
    await rotate.getByRole("button", { name: "Close" }).click();

    // The rotation's event goes to the receiver, which answers 500: a pending delivery, one failed attempt.
    await row.getByRole("link", { name: hook.url }).click();
    await settle(page);
    await expect(page.getByTestId("endpoint-url")).toHaveText(hook.url);
    await expect(page.getByTestId("endpoint-facts")).toContainText("the previous one stops signing");
    const deliveries = page.getByTestId("table-deliveries");
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(deliveries.getByRole("row").filter({ hasText: "webhook-endpoint.rotated" })).toContainText("HTTP 500", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    expect(hook.got.length).toBeGreaterThan(0);
    expect(JSON.parse(hook.got[0]!).type).toBe("webhook-endpoint.rotated");
    await expect(page.getByRole("figure").filter({ hasText: "Outcomes of the latest deliveries" })).toContainText("pending");

    await axeScan(page, "an endpoint's deliveries");
    await screenshot(page, "webhook-endpoint");

    // Its attempts, then a redelivery by hand once the receiver is fixed.
    await deliveries.getByRole("button", { name: /webhook-endpoint\.rotated/ }).click();
    const panel = page.getByTestId("delivery-panel");
    await expect(panel.getByTestId("table-attempts")).toContainText("HTTP 500");
    hook.set(204);
    await panel.getByRole("button", { name: "Redeliver" }).click();
    await expect(panel.getByTestId("redelivery-outcome")).toContainText("Redelivered: the receiver answered HTTP 204");
    await expect(panel.getByTestId("table-attempts").getByRole("row").filter({ hasText: "HTTP 204" }).last()).toContainText("Yes");
    await expect(panel).toContainText("Delivered");

    // Filter by status: delivered shows it, failed shows none.
    await page.getByLabel("Show deliveries").selectOption("delivered");
    await expect(deliveries.getByRole("row").filter({ hasText: "webhook-endpoint.rotated" })).toContainText("Delivered");
    await page.getByLabel("Show deliveries").selectOption("failed");
    await expect(deliveries).toContainText("No failed delivery.");

    // Remove, after confirming.
    await page.getByRole("link", { name: "All endpoints" }).click();
    await settle(page);
    await endpointRow(page, hook.url).getByRole("button", { name: `Remove ${hook.url}` }).click();
    const confirm = page.getByTestId("confirm-delete");
    await confirm.getByRole("button", { name: "Delete webhook endpoint" }).click();
    await expect(endpointRow(page, hook.url)).toHaveCount(0);
  } finally {
    hook.server.close();
  }
});

test("a non-admin sees no Webhooks link, and the view tells them it is for admins", async ({ page, api }) => {
  const email = `viewer-webhooks-${Date.now()}@example.org`;
  const password = `viewer-${Math.random().toString(36).slice(2)}-pw`;
  const made = await page.request.post(`${baseUrl()}/api/v1/users`, {
    headers: await api.authHeaders(),
    data: { email, name: "E2E Viewer", password, role: "viewer" },
  });
  expect(made.status(), "POST /users").toBe(201);
  await signInAs(page, email, password, "/");
  await expect(page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Timeline" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Reminders" })).toBeVisible();
  await openView(page, "/webhooks");
  await expect(page.getByTestId("admins-only")).toContainText("Only admins manage webhooks");
});

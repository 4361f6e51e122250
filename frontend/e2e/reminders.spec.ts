/**
 * Reminder preferences: a person saves theirs and finds them again after a reload; a bad number
 * of days is caught at the field; a session on an API key (not a person) is told why it has none
 * (409 not-a-user), not shown a broken form.
 */
import type { Page } from "@playwright/test";
import type { components } from "../src/client/schema";
import { axeScan, baseUrl, expect, openView, settle, signInAs, test, type Api } from "./fixtures";

type S = components["schemas"];

/** A fresh viewer (reminder preferences are everyone's own), signed in through the dashboard. */
async function signInFresh(page: Page, api: Api, next: string): Promise<void> {
  const email = `reminders-${Date.now()}@example.org`;
  const password = `reminders-${Math.random().toString(36).slice(2)}-pw`;
  const made = await page.request.post(`${baseUrl()}/api/v1/users`, {
    headers: await api.authHeaders(),
    data: { email, name: "E2E Reminded", password, role: "viewer" },
  });
  expect(made.status(), "POST /users").toBe(201);
  await signInAs(page, email, password, next);
}

test("a person saves their reminder preferences, and they are there after a reload", async ({ page, api }) => {
  await signInFresh(page, api, "/");
  await page.getByRole("link", { name: "Reminders" }).click();
  await settle(page);
  await expect(page.getByRole("heading", { level: 1, name: "Reminders" })).toBeVisible();
  await expect(page.getByText("A digest is one e-mail a day")).toBeVisible();

  const form = page.getByTestId("reminders-form");
  // The defaults until changed.
  await expect(form.getByLabel("Send me the daily digest")).toBeChecked();
  await expect(form.getByLabel("Days ahead")).toHaveValue("14");
  await expect(form.getByLabel("Include overdue items")).toBeChecked();

  await axeScan(page, "the reminders view");

  // Out of range: caught at the field, nothing sent.
  await form.getByLabel("Days ahead").fill("91");
  await form.getByRole("button", { name: "Save preferences" }).click();
  await expect(form.getByText("Enter a whole number of days from 1 to 90.")).toBeVisible();
  await expect(form.getByLabel("Days ahead")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Days ahead").fill("7");
  await form.getByLabel("Include overdue items").uncheck();
  await form.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByTestId("toast")).toContainText("Reminder preferences saved.");
  await expect(page.getByTestId("digest-text")).toContainText("within the next 7 days (none");

  await page.reload();
  await settle(page);
  await expect(form.getByLabel("Days ahead")).toHaveValue("7");
  await expect(form.getByLabel("Include overdue items")).not.toBeChecked();
  await expect(form.getByLabel("Send me the daily digest")).toBeChecked();

  // Turned off: saved too, and the sentence says no e-mail comes.
  await form.getByLabel("Send me the daily digest").uncheck();
  await form.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByTestId("digest-text")).toHaveText("You get no reminder e-mail.");
  await page.reload();
  await settle(page);
  await expect(form.getByLabel("Send me the daily digest")).not.toBeChecked();
});

test("a session on an API key is told it has no reminder preferences, not shown a broken form", async ({ page, api, watch }) => {
  const made = await page.request.post(`${baseUrl()}/api/v1/api-keys`, {
    headers: await api.authHeaders(),
    data: { name: `e2e reminders key ${Date.now()}`, role: "viewer" },
  });
  expect(made.status(), "POST /api-keys").toBe(201);
  const key = ((await made.json()) as S["ApiKeyCreated"]).key;
  const meRes = await page.request.get(`${baseUrl()}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
  expect(meRes.status(), "GET /auth/me with the key").toBe(200);
  const me = (await meRes.json()) as S["Me"];
  // The dashboard's session store, holding the key as its token (as a script or kiosk might).
  await page.addInitScript(
    (session) => sessionStorage.setItem("sp.session", session),
    JSON.stringify({ token: key, expires_at: "2999-01-01T00:00:00Z", me }),
  );
  watch.allow(409);
  await openView(page, "/reminders");
  await expect(page.getByTestId("not-a-user")).toContainText("Only a signed-in person has reminder preferences");
  await expect(page.getByTestId("reminders-form")).toHaveCount(0);
});

/** Keyboard use and a 375 px wide screen. */
import { axeScan, expect, openView, screenshot, settle, signIn, test } from "./fixtures";

const VIEWS = ["/", "/timeline", "/funding", "/money", "/support", "/results", "/teams", "/evidence"];

test("the dashboard works from the keyboard", async ({ page }) => {
  await signIn(page, "/timeline");
  await openView(page, "/");
  // A fresh document (the session stays in sessionStorage), so Tab starts from the top.
  await page.reload();
  await settle(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  // Views are links: focus one, press Enter, and focus lands on the new page's heading.
  await page.getByRole("link", { name: "Timeline" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/timeline/);
  await settle(page);
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeFocused();

  // Sort a table with the keyboard.
  const due = page.getByRole("button", { name: /^Due/ });
  await due.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("columnheader", { name: /^Due/ })).toHaveAttribute("aria-sort", "descending");

  // Open a form, close it with Escape, and focus returns to the button that opened it.
  const update = page.getByRole("button", { name: /^Update / }).first();
  await update.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Update milestone" })).toBeVisible();
  await expect(page.getByTestId("milestone-form").getByLabel("Status")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(update).toBeFocused();
});

test.describe("at 375 px wide", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("every view fits without sideways scrolling of the page", async ({ page }) => {
    for (const view of VIEWS) {
      await openView(page, view);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${view} is wider than the screen`).toBeLessThanOrEqual(0);
    }
    await openView(page, "/");
    await axeScan(page, "overview at 375 px");
    await screenshot(page, "overview-375px");
    await openView(page, "/timeline");
    await screenshot(page, "timeline-375px");
  });
});

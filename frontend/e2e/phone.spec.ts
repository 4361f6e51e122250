/**
 * A phone's width (375 px) and the default day: a compact header on every view, the current view
 * in sight in the navigation, the key columns of tables; an ended programme opens on its last day
 * with "Today" one click away; chart axes end near the programme's end; a series shows its rounds.
 */
import type { Page } from "@playwright/test";
import { formatDate, formatMoney } from "../src/lib/format";
import { statusLabel } from "../src/lib/labels";
import { Api, axeScan, expect, openView, screenshot, settle, signIn, test } from "./fixtures";

const PHONE = { width: 375, height: 740 };
const VIEWS = [
  { path: "/", nav: "Overview" },
  { path: "/timeline", nav: "Timeline" },
  { path: "/funding", nav: "Funding" },
  { path: "/money", nav: "Budget" },
  { path: "/support", nav: "Support" },
  { path: "/results", nav: "Results" },
  { path: "/teams", nav: "Teams" },
  { path: "/evidence", nav: "Evidence" },
  { path: "/due", nav: "Due" },
  { path: "/exceptions", nav: "Exceptions" },
  { path: "/compare", nav: "Compare" },
  { path: "/board-pack", nav: "Board pack" },
];

/** The current view's link lies within the navigation strip's visible part. */
async function currentInSight(page: Page, name: string): Promise<void> {
  const nav = page.getByRole("navigation", { name: "Views" });
  const link = nav.getByRole("link", { name, exact: true });
  await expect(link).toHaveAttribute("aria-current", "page");
  await expect
    .poll(async () => {
      const [a, n] = await Promise.all([link.boundingBox(), nav.boundingBox()]);
      return Boolean(a && n && a.x >= n.x - 1 && a.x + a.width <= n.x + n.width + 1);
    })
    .toBe(true);
}

test.describe("at 375 px", () => {
  test.use({ viewport: PHONE });

  test("every view: header under 120 px, current view in the navigation", async ({ page }) => {
    for (const view of VIEWS) {
      await openView(page, view.path);
      const header = await page.locator("header.site-header").boundingBox();
      expect(header!.height, `${view.nav} header`).toBeLessThan(120);
      await currentInSight(page, view.nav);
      // Nothing wider than the screen but the tables' own scrolling regions.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${view.nav} page width`).toBeLessThanOrEqual(1);
    }
    await screenshot(page, "phone-evidence-nav-scrolled", { fullPage: false });
  });

  test("the menu holds the programme and as-of controls", async ({ page }) => {
    await openView(page, "/funding");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(page.getByLabel("As of")).toBeHidden();
    await menu.click();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByLabel("As of")).toBeVisible();
    await expect(page.getByRole("button", { name: "Today" })).toBeVisible();
    await axeScan(page, "phone menu");
    await screenshot(page, "phone-menu-open", { fullPage: false });
    await page.getByRole("link", { name: "Teams", exact: true }).click();
    await settle(page);
    await expect(page.getByLabel("As of")).toBeHidden();
  });

  test("tables show their key columns; minor ones wait for a wider screen", async ({ page }) => {
    await openView(page, "/");
    const teams = page.getByTestId("table-teams");
    for (const name of [/^Team/, /^Awarded/, /^Paid/, /^Late/]) {
      await expect(teams.getByRole("columnheader", { name })).toBeVisible();
    }
    await expect(teams.getByRole("columnheader", { name: /^Remaining/ })).toBeHidden();
    await axeScan(page, "overview at 375 px");
    await screenshot(page, "phone-overview");

    await openView(page, "/timeline");
    const milestones = page.getByTestId("table-milestones");
    for (const name of [/^Team/, /^Milestone/, /^Due/, /^Status/]) {
      await expect(milestones.getByRole("columnheader", { name })).toBeVisible();
    }
    await expect(milestones.getByRole("columnheader", { name: /^Depends on/ })).toBeHidden();
    await axeScan(page, "timeline at 375 px");
    await screenshot(page, "phone-timeline");

    await openView(page, "/funding");
    const payments = page.getByTestId("table-payments");
    for (const name of [/^Amount/, /^Status/]) {
      await expect(payments.getByRole("columnheader", { name })).toBeVisible();
    }
    await expect(payments.getByRole("columnheader", { name: /^Instalment/ })).toBeHidden();
    await axeScan(page, "funding at 375 px");
    await screenshot(page, "phone-funding");
  });
});

test.describe("the default day", () => {
  test("Shared Purpose (ended Dec 2015) opens on its last day; Today switches", async ({ page, api }) => {
    const programme = await api.programme();
    const end = programme.end_date;
    await openView(page, "/");
    await expect(page.getByTestId("as-of-note")).toContainText(`As it stood on ${formatDate(end)}`);
    await expect(page.getByLabel("As of")).toHaveValue(end);
    const then = await api.summary(end);
    await expect(page.getByTestId("tile-paid-value")).toHaveText(formatMoney(then.funding.paid_pence));
    await screenshot(page, "default-day-programme-end", { fullPage: false });

    await page.getByRole("button", { name: "Today" }).click();
    await expect(page).toHaveURL(/as_of=today/);
    await settle(page);
    await expect(page.getByTestId("as-of-note")).toContainText("As of today");
    await expect(page.getByRole("button", { name: "Today" })).toBeDisabled();
    // Today follows you to another view, and the end is one click back.
    await page.getByRole("link", { name: "Funding", exact: true }).click();
    await expect(page).toHaveURL(/\/funding\?.*as_of=today/);
    await settle(page);
    await page.getByRole("button", { name: "Programme end" }).click();
    await settle(page);
    await expect(page.getByTestId("as-of-note")).toContainText(`As it stood on ${formatDate(end)}`);
    await axeScan(page, "funding on the programme's end");
  });

  test("the funding chart's time axis ends near the programme's end, even today", async ({ page }) => {
    await openView(page, "/funding?as_of=today");
    const chart = page.locator(".chart-canvas").first();
    await expect(chart).toHaveAttribute("data-rendered", "true");
    // The time axis ends a month after the last payment (early 2016), not at this year.
    const max = Number(await chart.getAttribute("data-x-max"));
    expect(max).toBeGreaterThanOrEqual(Date.UTC(2015, 11, 1));
    expect(max).toBeLessThanOrEqual(Date.UTC(2016, 1, 1));
    await screenshot(page, "funding-axis-ends-2016", { fullPage: false });
  });
});

test.describe("a series", () => {
  test("Closing the Gap shows its rounds and their totals", async ({ page, api }) => {
    const programmes = await api.all<{ id: string; code: string }>("/programmes");
    const ctg = programmes.find((p) => p.code === "CTG")!;
    const s = await api.get<{ rounds: { title: string; teams: number }[] }>(`/programmes/${ctg.id}/summary?as_of=2015-12-31`);
    expect(s.rounds.map((r) => r.title)).toContain("Shared Purpose");
    await openView(page, `/?programme=${ctg.id}`);
    const rounds = page.getByTestId("rounds");
    await expect(rounds.locator("tbody tr")).toHaveCount(s.rounds.length);
    await expect(rounds.getByRole("link", { name: "Shared Purpose" })).toBeVisible();
    await expect(page.getByTestId("tiles")).toHaveCount(0);
    const teams = s.rounds.reduce((n, r) => n + r.teams, 0);
    await expect(page.getByTestId("rounds-total")).toContainText(String(teams));
    await axeScan(page, "series overview at 1280 px");
    await screenshot(page, "series-rounds");
    await page.setViewportSize(PHONE);
    await axeScan(page, "series overview at 375 px");
    await screenshot(page, "phone-series-rounds");
    await rounds.getByRole("link", { name: "Shared Purpose" }).click();
    await settle(page);
    await expect(page.getByTestId("tiles")).toBeVisible();
  });
});

test.describe("one vocabulary", () => {
  test("a milestone shown late opens saying what its record says", async ({ page, api }) => {
    let day = "";
    let late: ReturnType<typeof Api.milestones>[number] | undefined;
    for (const d of ["2013-06-30", "2014-06-30", "2015-06-30", "2015-12-31"]) {
      late = Api.milestones(await api.timeline(d)).find((m) => m.status === "late" && m.team_id !== null);
      day = d;
      if (late) break;
    }
    expect(late, "the seed has a late milestone on some day").toBeTruthy();
    const recorded = await api.get<{ status: string }>(`/milestones/${late!.id}`);
    await signIn(page);
    await openView(page, `/timeline?as_of=${day}&team=${late!.team_id}`);
    const row = page.getByTestId("table-milestones").locator("tbody tr", { hasText: late!.title });
    await expect(row.locator(".badge-late")).toHaveText("Late");
    await page.getByRole("button", { name: `Update ${late!.title}` }).click();
    const form = page.getByTestId("milestone-form");
    const was = statusLabel("milestone", recorded.status).toLowerCase();
    await expect(form.getByTestId("milestone-replay-note")).toContainText(`Late on ${formatDate(day)} (recorded later as ${was}`);
    await expect(form.getByLabel("Status")).toHaveValue(recorded.status);
    await axeScan(page, "milestone form with its replay note");
    await screenshot(page, "form-milestone-replay-note", { fullPage: false });
  });
});

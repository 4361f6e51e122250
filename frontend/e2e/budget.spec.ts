/**
 * What each view fetches on first load: at most 4 API requests, under 310 KB in all (as sent:
 * compressed bodies and headers, assets included), and nothing of another programme: every programme-scoped request names the
 * programme shown, every list is filtered to it or to one of its teams. (300 KB until the query
 * cache, TanStack Query, added 12.7 KB gzipped to every first load; edit forms and their code now
 * load when opened, which took back 4 KB; the heaviest view, Funding, is at about 303 KB.)
 */
import type { Request } from "@playwright/test";
import { baseUrl, expect, settle, test } from "./fixtures";

const VIEWS = ["/", "/timeline", "/due", "/funding", "/money", "/support", "/results", "/teams", "/evidence", "/board-pack", "/exceptions", "/compare"];
const LISTS = /^\/api\/v1\/(teams|payments|awards|support-activities|evidence|milestones|organisations)$/;
const MAX_REQUESTS = 4;
const MAX_BYTES = 310 * 1024;

test("every view's first load: at most 4 API requests, under 310 KB, only its own programme", async ({ browser, api }) => {
  test.setTimeout(60_000);
  const programme = await api.programme();
  const teams = new Set((await api.teams()).map((t) => t.id));
  const report: string[] = [];
  for (const view of VIEWS) {
    // A new browser context each time: an empty cache, as a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goto(`${baseUrl()}/#${view}`);
    await settle(page);
    await page.waitForLoadState("networkidle");

    const calls = requests.filter((r) => new URL(r.url()).pathname.startsWith("/api/v1/"));
    const paths = calls.map((r) => {
      const url = new URL(r.url());
      return `${url.pathname}${url.search}`;
    });
    let bytes = 0;
    for (const r of requests) {
      const sizes = await r.sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    report.push(`${view}: ${calls.length} API requests, ${Math.round(bytes / 1024)} KB: ${paths.join(" ")}`);
    await context.close();
    expect(calls.length, `${view}: ${paths.join(", ")}`).toBeLessThanOrEqual(MAX_REQUESTS);
    expect(bytes, `${view} downloaded`).toBeLessThan(MAX_BYTES);

    for (const r of calls) {
      const url = new URL(r.url());
      const path = url.pathname;
      const scoped = /^\/api\/v1\/programmes\/([^/]+)\//.exec(path);
      if (scoped) expect(scoped[1], path).toBe(programme.id);
      const asked = url.searchParams.get("programme_id");
      if (asked !== null) expect(asked, `${path}${url.search}`).toBe(programme.id);
      if (LISTS.test(path)) {
        const team = url.searchParams.get("team_id");
        expect(asked !== null || (team !== null && teams.has(team)), `${path}${url.search} is not filtered to the programme`).toBe(true);
        expect(Number(url.searchParams.get("limit") ?? 50), `${path}${url.search} asks for a page`).toBeLessThanOrEqual(50);
      }
      const oneTeam = /^\/api\/v1\/teams\/([^/]+)/.exec(path);
      if (oneTeam) expect(teams.has(oneTeam[1]!), path).toBe(true);
    }
  }
  console.log(report.join("\n"));
});

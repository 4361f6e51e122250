/* global document, window, requestAnimationFrame -- page code run by addInitScript and evaluate */
// Benchmark (not a test): how long the Overview takes to render fully in Chromium on a large
// synthetic programme. Builds a temporary SQLite database with `shared-purpose demo --teams N`,
// serves it with the built dashboard, then loads the Overview RUNS times in fresh browser
// contexts (cold cache) and prints a table. Usage: npm run bench -- [teams] [runs]
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const TEAMS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 7);
const BUDGET_MS = 1000;
const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(frontend, "..");
const python = process.env.PYTHON ?? join(repo, ".venv", "bin", "python");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(join(frontend, "dist", "index.html"))) throw new Error("build first: npm run build");
const port = await new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => ok(port));
  });
});
const tmp = mkdtempSync(join(tmpdir(), "sp-bench-"));
const env = {
  ...process.env,
  SP_DATABASE_URL: `sqlite:///${join(tmp, "bench.db")}`,
  SP_FRONTEND_DIST: join(frontend, "dist"),
  SP_LOG_LEVEL: "warning",
  SP_PUBLIC_READ: "true", // read anonymously, as on the demo
};
const cli = (...args) => execFileSync(python, ["-m", "api.cli", ...args], { cwd: repo, env, stdio: "pipe" });
console.log(`Generating a ${TEAMS}-team demo programme…`);
cli("migrate");
cli("demo", "--teams", String(TEAMS));
const server = spawn(python, ["-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", String(port)], {
  cwd: repo,
  env,
  stdio: "ignore",
  detached: true,
});
const base = `http://127.0.0.1:${port}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const programmes = await (await fetch(`${base}/api/v1/programmes?limit=500`)).json();
  const demo = programmes.items.find((p) => p.code === `DEMO-${TEAMS}`);
  const t0 = performance.now();
  await fetch(`${base}/api/v1/programmes/${demo.id}/summary`);
  const apiMs = performance.now() - t0;

  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
  const rows = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Record the moment the tiles are on screen and every chart has drawn.
    await page.addInitScript(() => {
      const check = () => {
        const tiles = document.querySelector("[data-testid=tiles]");
        const charts = [...document.querySelectorAll(".chart [role=img]")];
        if (!window.__tiles && tiles) window.__tiles = performance.now();
        if (tiles && charts.length >= 3 && charts.every((c) => c.querySelector('[data-rendered="true"]'))) {
          window.__rendered = performance.now();
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.goto(`${base}/#/?programme=${demo.id}`);
    await page.waitForFunction(() => window.__rendered, null, { timeout: 30_000 });
    rows.push(await page.evaluate(() => ({ tiles: window.__tiles, rendered: window.__rendered })));
    await context.close();
  }
  await browser.close();
  console.log(`\nOverview of DEMO-${TEAMS} (${TEAMS} teams), ${RUNS} cold loads in Chromium, ms from navigation start:`);
  console.log("  run   tiles shown   fully rendered (3 charts drawn)");
  rows.forEach((r, i) => console.log(`  ${String(i + 1).padStart(3)}   ${r.tiles.toFixed(0).padStart(11)}   ${r.rendered.toFixed(0).padStart(14)}`));
  const med = median(rows.map((r) => r.rendered));
  console.log(`  median fully rendered: ${med.toFixed(0)} ms (target < ${BUDGET_MS} ms); summary API alone: ${apiMs.toFixed(0)} ms`);
  if (med > BUDGET_MS) process.exitCode = 1;
} finally {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already stopped
  }
  await new Promise((r) => setTimeout(r, 300));
  rmSync(tmp, { recursive: true, force: true });
}

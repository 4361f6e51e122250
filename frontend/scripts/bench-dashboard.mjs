/* global document, window, requestAnimationFrame -- page code run by addInitScript and evaluate */
// Benchmark (not a test): how long each dashboard view takes to become usable in Chromium on a
// large synthetic programme, what it downloads and how many API requests it makes.
//
// It makes a demo database of N teams (PostgreSQL through bench/demo_db.py, or a temporary
// SQLite file with --sqlite), serves it with the built dashboard on 127.0.0.1 (one process, as
// `shared-purpose serve`), then opens every view RUNS times, each in a fresh browser context
// (cold cache, no cookies), straight at its URL, and prints the median per view. Each view gets
// an as_of of its own (a week apart, before today), so its first load also finds the server's
// read-model cache cold ("first"); the RUNS loads after it ("again") find it warm, as a second
// user of the same programme would.
//
// "Usable": the view's main content is on screen and nothing is still loading. In <main>: at
// least one visible table row (`table tbody tr`) or drawn chart (`.chart-canvas[data-rendered=
// true]`), every chart (`figure.chart`) drawn, and no loading indicator (the Loading state
// `.state[role=status]`, a chart's `.skeleton`, `[aria-busy=true]`, `[role=progressbar]`).
// Measured from navigation start to the first frame where that holds. Bytes are what went over the wire (CDP encodedDataLength: compressed, headers
// included) until the network is quiet after that, assets and API together; API requests are
// those to /api/v1/ in the same span.
//
// Usage: npm run bench:dashboard -- [--teams 1000] [--runs 3] [--sqlite] [--views overview,teams]
//                                   [--skip-setup]   (reuse the database made last time)
//                                   [--dist dist]    (the built dashboard to serve)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: opts } = parseArgs({
  options: {
    teams: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    sqlite: { type: "boolean", default: false },
    views: { type: "string", default: "" },
    "skip-setup": { type: "boolean", default: false },
    database: { type: "string", default: "sp_bench_dashboard" },
    dist: { type: "string", default: "dist" },
  },
});
const TEAMS = Number(opts.teams);
const RUNS = Number(opts.runs);
// The issue's targets, per view at 10,000 teams.
const BUDGET = { ms: 1000, kb: 300, api: 4 };
const VIEWS = [
  { name: "Overview", path: "/" },
  { name: "Timeline", path: "/timeline" },
  { name: "Funding", path: "/funding" },
  { name: "Support", path: "/support" },
  { name: "Teams", path: "/teams" },
  { name: "Results", path: "/results" },
].filter((v) => !opts.views || opts.views.toLowerCase().split(",").includes(v.name.toLowerCase()));

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(frontend, "..");
const python = process.env.PYTHON ?? join(repo, ".venv", "bin", "python");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const dist = resolve(frontend, opts.dist);
if (!existsSync(join(dist, "index.html"))) throw new Error(`build first: npm run build (no ${dist})`);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = (args, env) => execFileSync(python, args, { cwd: repo, env, stdio: ["ignore", "pipe", "inherit"] });

// ---- the database and the server -------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), "sp-bench-"));
let databaseUrl;
const baseEnv = { ...process.env, SP_LOG_LEVEL: "warning" };
if (opts.sqlite) {
  databaseUrl = `sqlite:///${join(tmp, "bench.db")}`;
  console.log(`Generating a ${TEAMS}-team demo programme in SQLite…`);
  const env = { ...baseEnv, SP_DATABASE_URL: databaseUrl };
  run(["-m", "api.cli", "migrate"], env);
  run(["-m", "api.cli", "demo", "--teams", String(TEAMS)], env);
} else if (opts["skip-setup"]) {
  const admin = process.env.SP_BENCH_ADMIN_URL ?? "postgresql+psycopg://postgres@127.0.0.1:5432/test";
  databaseUrl = admin.replace(/\/[^/?]+(\?|$)/, `/${opts.database}$1`);
} else {
  console.log(`Generating a ${TEAMS}-team demo programme in PostgreSQL (${opts.database})…`);
  const out = run(["bench/demo_db.py", "--database", opts.database, "--teams", String(TEAMS)], baseEnv);
  databaseUrl = out.toString().trim().split("\n").at(-1);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = {
  ...baseEnv,
  SP_DATABASE_URL: databaseUrl,
  SP_FRONTEND_DIST: dist,
  SP_PUBLIC_READ: "true", // the views are read anonymously, as on the demo
};
const server = spawn(python, ["-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", String(port)], {
  cwd: repo,
  env,
  stdio: "ignore",
  detached: true, // its own process group, stopped whole at the end
});

// Runs in the page: the first frame at which the view is usable (see the header).
function watchUsable() {
  const check = () => {
    const main = document.querySelector("main");
    const all = (selector) => (main ? [...main.querySelectorAll(selector)] : []);
    // A chart is drawn once its canvas says so; until then it is a skeleton (or nothing).
    const charts = all("figure.chart, .chart-canvas:not(figure.chart .chart-canvas)");
    const drawn = charts.filter((c) => c.matches('[data-rendered="true"]') || c.querySelector('[data-rendered="true"]'));
    // Rows on screen only: a chart's data table folded in a <details> is not.
    const rows = all("table tbody tr").filter((r) => r.checkVisibility()).length;
    const loading = main ? main.querySelector(".state[role=status], [aria-busy=true], [role=progressbar], .skeleton") : true;
    const failed = main?.querySelector("[role=alert]");
    if (failed && !window.__failed) window.__failed = failed.textContent.slice(0, 200);
    if (main && !loading && (rows > 0 || drawn.length > 0) && drawn.length === charts.length) {
      window.__usable = { at: performance.now(), rows, charts: charts.length };
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** "a, b ×3, c": each path once, with how many times it was asked for. */
function counted(paths) {
  const n = new Map();
  for (const p of paths) n.set(p, (n.get(p) ?? 0) + 1);
  return [...n].map(([p, k]) => (k > 1 ? `${p} ×${k}` : p));
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (e) => requests.set(e.requestId, { url: e.request.url, bytes: 0 }));
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  await page.addInitScript(watchUsable);
  await page.goto(url);
  let usable = null;
  try {
    await page.waitForFunction(() => window.__usable, null, { timeout: 30_000 });
    usable = await page.evaluate(() => window.__usable);
    await page.waitForLoadState("networkidle", { timeout: 10_000 });
  } catch {
    // not usable in 30 s: reported as such, with the error panel's text if there is one
  }
  const failed = await page.evaluate(() => window.__failed ?? null);
  await context.close();
  const all = [...requests.values()];
  const api = all.filter((r) => new URL(r.url).pathname.startsWith("/api/v1/"));
  const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);
  return {
    ms: usable?.at ?? null,
    rows: usable?.rows ?? 0,
    charts: usable?.charts ?? 0,
    kb: sum(all) / 1024,
    apiKb: sum(api) / 1024,
    apiRequests: api.length,
    requests: all.length,
    apiPaths: counted(api.map((r) => new URL(r.url).pathname.replace(/^\/api\/v1|[0-9a-f-]{36}/g, (m) => (m === "/api/v1" ? "" : "{id}")))),
    failed,
  };
}

try {
  for (let i = 0; i < 150; i++) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const programmes = await (await fetch(`${base}/api/v1/programmes?limit=200&q=DEMO-${TEAMS}`)).json();
  const demo = programmes.items.find((p) => p.code === `DEMO-${TEAMS}`);
  if (!demo) throw new Error(`no DEMO-${TEAMS} programme in ${databaseUrl}`);

  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
  // A first request wakes the process up (lazy imports, pool): not part of any view's time.
  await fetch(`${base}/api/v1/programmes/${demo.id}`);
  const results = [];
  for (const [k, view] of VIEWS.entries()) {
    const day = new Date(Date.now() - (k + 1) * 7 * 86_400_000).toISOString().slice(0, 10);
    const url = `${base}/#${view.path}?programme=${demo.id}&as_of=${day}`;
    const first = await measure(browser, url);
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await measure(browser, url));
    results.push({ view, first, runs });
    const ok = runs.filter((r) => r.ms !== null);
    console.log(
      `  ${view.name}: first ${first.ms === null ? "not usable" : `${first.ms.toFixed(0)} ms`}, again ` +
        `${ok.length ? `${median(ok.map((r) => r.ms)).toFixed(0)} ms` : "not usable"}` +
        `; API ${first.apiPaths.join(", ") || "none"}${first.failed ? `; error: ${first.failed}` : ""}`,
    );
  }
  await browser.close();

  const engine = opts.sqlite ? "SQLite" : "PostgreSQL";
  console.log(`\nDEMO-${TEAMS} (${TEAMS} teams, ${engine}), cold loads in Chromium, median of ${RUNS}:`);
  const head = ["view", "first ms", "again ms", "(min–max)", "KB down", "of which API", "API requests", "requests", "shown"];
  const lines = [head];
  let missed = 0;
  for (const { view, first, runs } of results) {
    const ok = runs.filter((r) => r.ms !== null);
    const ms = ok.length ? median(ok.map((r) => r.ms)) : null;
    const pick = (k) => median(runs.map((r) => r[k]));
    const within = ms !== null && first.ms !== null && Math.max(ms, first.ms) < BUDGET.ms && pick("kb") < BUDGET.kb && pick("apiRequests") <= BUDGET.api;
    if (!within) missed++;
    const range = ok.length ? `${Math.min(...ok.map((r) => r.ms)).toFixed(0)}–${Math.max(...ok.map((r) => r.ms)).toFixed(0)}` : "–";
    const shown = ok.length ? `${ok[0].rows} rows, ${ok[0].charts} charts` : runs[0].failed ?? "timeout";
    lines.push([
      `${view.name}${within ? "" : " *"}`,
      first.ms === null ? "–" : first.ms.toFixed(0),
      ms === null ? "–" : ms.toFixed(0),
      range,
      pick("kb").toFixed(0),
      pick("apiKb").toFixed(1),
      String(pick("apiRequests")),
      String(pick("requests")),
      shown,
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines) console.log("  " + l.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  console.log(
    `  * outside the issue's budget (usable < ${BUDGET.ms} ms, < ${BUDGET.kb} KB, <= ${BUDGET.api} API requests; ` +
      `set for 10,000 teams). ${missed} of ${results.length} views outside.`,
  );
} finally {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already stopped
  }
  await new Promise((r) => setTimeout(r, 300));
  rmSync(tmp, { recursive: true, force: true });
}

// Prints the size of every built JS/CSS file, raw and gzipped, and the initial JavaScript: what
// index.html loads before anything renders (entry + modulepreloads); views and charts load lazily.
// Fails above the budget.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]),
);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(js|css)$/.test(name)) {
      const body = readFileSync(path);
      const rel = path.slice(dist.length + 1);
      rows.push({ rel, raw: body.length, gz: gzipSync(body, { level: 9 }).length, initial: initial.has(rel) });
    }
  }
};
walk(dist);
rows.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gz - a.gz);

console.log("\nBundle sizes (gzip -9):");
console.log(`  ${"file".padEnd(40)} ${"raw".padStart(10)} ${"gzip".padStart(10)}  loaded`);
for (const r of rows) {
  const when = r.rel.endsWith(".css") ? "initial (css)" : r.initial ? "initial" : "lazy (a view, the charts, a kind of chart)";
  console.log(`  ${r.rel.padEnd(40)} ${kb(r.raw).padStart(10)} ${kb(r.gz).padStart(10)}  ${when}`);
}
const js = rows.filter((r) => r.rel.endsWith(".js"));
const initialGz = js.filter((r) => r.initial).reduce((n, r) => n + r.gz, 0);
const allGz = js.reduce((n, r) => n + r.gz, 0);
console.log(`\n  initial JavaScript: ${kb(initialGz)} gzipped (budget ${BUDGET_KB} KB)`);
console.log(`  all JavaScript, charts included: ${kb(allGz)} gzipped\n`);
if (initialGz > BUDGET_KB * 1024) {
  console.error(`Initial JavaScript is over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}

// Fails when the committed client (openapi.json + src/client/schema.d.ts) no longer matches the
// API: exports the OpenAPI document from the Python app (no server), regenerates the types into
// a temp directory and compares. Fix a failure with `npm run gen:client` and commit the result.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const repo = resolve(frontend, "..");
const venvPython = join(repo, ".venv", "bin", "python");
const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");

const tmp = mkdtempSync(join(tmpdir(), "sp-client-"));
try {
  const doc = execFileSync(python, [join(here, "export_openapi.py")], {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const docPath = join(tmp, "openapi.json");
  writeFileSync(docPath, doc);
  const outPath = join(tmp, "schema.d.ts");
  execFileSync(
    join(frontend, "node_modules", ".bin", "openapi-typescript"),
    [docPath, "-o", outPath],
    { cwd: frontend, stdio: ["ignore", "ignore", "inherit"] },
  );
  const stale = [];
  const pairs = [
    [docPath, join(frontend, "openapi.json")],
    [outPath, join(frontend, "src", "client", "schema.d.ts")],
  ];
  for (const [fresh, committed] of pairs) {
    const a = readFileSync(fresh, "utf8");
    const b = existsSync(committed) ? readFileSync(committed, "utf8") : "";
    if (a !== b) stale.push(committed.slice(repo.length + 1));
  }
  if (stale.length) {
    console.error(`The generated client is stale: ${stale.join(", ")} differ from the API.`);
    console.error("Run `npm run gen:client` in frontend/ and commit the result.");
    process.exit(1);
  }
  console.log("check:client: openapi.json and src/client/schema.d.ts match the API.");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

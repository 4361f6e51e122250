/**
 * Starts the real server for the e2e run: a fresh SQLite file in a temp directory, migrated and
 * seeded with Shared Purpose by the CLI, an admin user created by the CLI (`users create`, the
 * password on stdin) for the tests that sign in and edit, then `serve` with SP_PUBLIC_READ=true
 * (the view tests read anonymously) on a free 127.0.0.1 port with
 * SP_FRONTEND_DIST pointing at the built dashboard. Passes the URL to the tests in E2E_BASE_URL.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, chromiumMissing, IN_CI } from "./browser";

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = resolve(FRONTEND, "..");
const PYTHON = process.env.PYTHON ?? join(REPO, ".venv", "bin", "python");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function waitReady(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last = "";
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
      last = `readyz answered ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server at ${url} did not become ready: ${last}`);
}

export default async function globalSetup(): Promise<void> {
  if (chromiumMissing()) {
    const message = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (IN_CI) throw new Error(`${message}. CI=true: a missing browser fails the run.`);
    console.warn(`${message}: skipping the browser tests (they fail instead with CI=true).`);
    process.env.E2E_SKIP = message;
    return;
  }
  if (!existsSync(PYTHON)) throw new Error(`no Python at ${PYTHON}: run \`make install\` (or set PYTHON)`);
  if (!existsSync(join(FRONTEND, "dist", "index.html"))) {
    console.log("dist/ is missing: building the dashboard first");
    execFileSync("npm", ["run", "build"], { cwd: FRONTEND, stdio: "inherit" });
  }

  const tmp = mkdtempSync(join(tmpdir(), "sp-e2e-"));
  const env = {
    ...process.env,
    SP_DATABASE_URL: `sqlite:///${join(tmp, "e2e.db")}`,
    SP_FRONTEND_DIST: join(FRONTEND, "dist"),
    SP_LOG_LEVEL: "warning",
    // Reads stay anonymous for the view tests; every write still needs a signed-in user.
    SP_PUBLIC_READ: "true",
    // Each form test signs in through the view: more than the default 10 sign-ins per window.
    SP_LOGIN_ATTEMPTS: "100",
    // The webhook tests register a receiver on 127.0.0.1, which the default refuses.
    SP_WEBHOOK_ALLOW_PRIVATE: "true",
  };
  const cli = (args: string[], input?: string) =>
    execFileSync(PYTHON, ["-m", "api.cli", ...args], { cwd: REPO, env, stdio: "pipe", ...(input ? { input } : {}) });
  cli(["migrate"]);
  cli(["seed"]);

  // The editor the form tests sign in as: admin, the one role that may update milestones, log
  // support, record paid payments and read the audit trail (a fresh password every run).
  const email = "e2e-editor@example.org";
  const password = `e2e-${randomBytes(18).toString("base64url")}`;
  cli(["users", "create", "--email", email, "--name", "E2E Editor", "--role", "admin", "--password-stdin"], `${password}\n`);
  process.env.E2E_EMAIL = email;
  process.env.E2E_PASSWORD = password;

  const port = Number(process.env.E2E_PORT ?? (await freePort()));
  mkdirSync(join(FRONTEND, "test-results"), { recursive: true });
  const log = openSync(join(tmp, "server.log"), "a");
  const server = spawn(PYTHON, ["-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: REPO,
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  process.env.E2E_BASE_URL = base;
  process.env.E2E_SERVER_PID = String(server.pid);
  process.env.E2E_TMP = tmp;
  try {
    await waitReady(base, 30_000);
  } catch (error) {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    throw new Error(`${String(error)}; see ${join(tmp, "server.log")}`);
  }
  console.log(`e2e: serving ${base} from ${env.SP_DATABASE_URL}`);
}

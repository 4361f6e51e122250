import { rmSync } from "node:fs";

/** Stops the server global-setup started (its process group, by pid) and removes its database. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.E2E_SERVER_PID ?? 0);
  if (pid) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        break;
      }
    }
  }
  const tmp = process.env.E2E_TMP;
  if (tmp && process.env.E2E_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
}

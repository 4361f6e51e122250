import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./e2e/browser";

/**
 * End-to-end tests in Debian's Chromium against the real server: global-setup.ts migrates and
 * seeds a temporary SQLite database, serves the API and the built dashboard on 127.0.0.1, and
 * global-teardown.ts stops it. Screenshots go to ../test-artifacts/e2e/.
 */
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  // One server, one database: tests run one at a time so writes never race the reads.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI === "true",
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "off",
    screenshot: "only-on-failure",
  },
});

import { existsSync } from "node:fs";

/** Debian's Chromium (`apt-get install -y chromium`); test tools cannot download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"];

export const IN_CI = process.env.CI === "true";

export function chromiumMissing(): boolean {
  return !existsSync(CHROMIUM);
}

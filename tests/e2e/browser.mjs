// Headless Chromium (Debian's) driven by playwright-core, as the end-to-end tests use it.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A browser whose pages open in fresh contexts. Chromium blocks third-party storage there: a
 * frame of another site has no localStorage. */
export function launch() {
  return chromium.launch({ executablePath, args });
}

/** A browser profile that lets frames of another site keep partitioned storage, as a desktop
 * Chrome profile does by default. Resolves to a context with `newPage()` and `close()`. */
export async function launchAllowingThirdPartyStorage() {
  const dir = mkdtempSync(join(tmpdir(), 'agent-kpi-profile-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const context = await chromium.launchPersistentContext(dir, { executablePath, args });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

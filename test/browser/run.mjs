// npm test's last step: the browser tests when Chromium is here, else a plain line saying they were skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.PEICAN_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`\nSKIPPED the browser tests (test/browser): no Chromium at ${chromium}. Install it with "apt-get install -y chromium" (.ci/run does), then "npm run test:browser".`);
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.browser.config.mts'], { stdio: 'inherit' });
process.exit(run.status ?? 1);

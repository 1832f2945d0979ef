import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

/** The browser tests (test/browser): the web app in Debian's Chromium, driven by playwright-core. `npm run test:browser`. */
// A page may take its time on a busy machine: each poll waits up to 5 s (vitest's default is 1 s).
const config = mergeConfig(base, defineConfig({ test: { testTimeout: 60_000, expect: { poll: { timeout: 5_000 } } } }));
// mergeConfig joins lists: the main suite's include and exclude are replaced, not added to.
config.test!.include = ['test/browser/**/*.test.ts'];
config.test!.exclude = ['**/node_modules/**'];
export default config;

import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

/** The browser tests (test/browser): the web app in Debian's Chromium, driven by playwright-core. `npm run test:browser`. */
const config = mergeConfig(base, defineConfig({ test: { testTimeout: 60_000 } }));
// mergeConfig joins lists: the main suite's include and exclude are replaced, not added to.
config.test!.include = ['test/browser/**/*.test.ts'];
config.test!.exclude = ['**/node_modules/**'];
export default config;

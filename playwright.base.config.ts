import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import main from './playwright.config';

// The sub-path e2e test (tests/e2e/sub-path.spec.ts): a build made with LIGHTBOX_BASE (default /lightbox/) into its
// own folder (LIGHTBOX_BASE_DIST, default dist-base/), served by a plain static host that knows nothing outside the
// base. `npm run test:e2e:base` builds it and runs this; the main suite ignores that spec. The offline spec runs here
// too, on a copy of the same build served under the same base (its options name them).
const PORT = Number(process.env.LIGHTBOX_BASE_E2E_PORT ?? 4339);
const BASE = `/${(process.env.LIGHTBOX_BASE ?? '/lightbox/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

export default defineConfig<{ siteBase: string; siteDist: string }>({
  ...main,
  testIgnore: [],
  testMatch: ['sub-path.spec.ts', 'offline.spec.ts'],
  // Its own results folder, so a main run cleaning test-results/ at the same time does not break this one.
  outputDir: 'test-results-base',
  use: {
    ...main.use,
    baseURL: `http://127.0.0.1:${PORT}`,
    siteBase: BASE,
    siteDist: resolve(process.env.LIGHTBOX_BASE_DIST ?? 'dist-base'),
  },
  webServer: {
    command: 'npx tsx tests/e2e/static-server.ts',
    env: { PORT: String(PORT), LIGHTBOX_BASE: BASE, LIGHTBOX_BASE_DIST: process.env.LIGHTBOX_BASE_DIST ?? 'dist-base' },
    url: `http://127.0.0.1:${PORT}${BASE}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

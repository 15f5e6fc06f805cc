import { defineConfig, devices } from '@playwright/test';

// Its own port (LIGHTBOX_E2E_PORT to run two suites at once); a server already on it is reused only when asked.
const PORT = Number(process.env.LIGHTBOX_E2E_PORT ?? 4329);
const HOST = '127.0.0.1';

/**
 * End-to-end tests against the built site (`npm run test:e2e` builds first; the web server only previews dist/).
 * Debian's Chromium with SwiftShader, so WebGL works headless without a GPU.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Each port gets its own results folder: Playwright empties it at start, so parallel suites must not share one.
  outputDir: process.env.LIGHTBOX_E2E_PORT ? `test-results-${PORT}` : 'test-results',
  // Needs a build made for a sub-path: playwright.base.config.ts (npm run test:e2e:base) runs it.
  testIgnore: ['**/sub-path.spec.ts'],
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://${HOST}:${PORT}`,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The site registers a service worker; one left from an earlier test would answer later ones from its caches.
    // Only tests/e2e/offline.spec.ts allows them.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--enable-unsafe-swiftshader',
            '--use-angle=swiftshader',
            '--enable-webgl',
            '--ignore-gpu-blocklist',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx astro preview --port ${PORT} --host ${HOST}`,
    url: `http://${HOST}:${PORT}/`,
    reuseExistingServer: process.env.LIGHTBOX_REUSE_SERVER === '1',
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

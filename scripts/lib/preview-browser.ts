/** For benchmarks: the built site on `astro preview` and Debian's headless Chromium (SwiftShader WebGL). */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';

export interface PreviewSession {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Benchmarks time the page, not the offline copy: the site's service worker (which downloads the whole precache in
 * the background) is blocked unless a context asks for it (bench-offline does).
 */
function blockServiceWorkers(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: 'block', ...options });
  return browser;
}

export async function openPreview(port: string): Promise<PreviewSession> {
  const origin = `http://127.0.0.1:${port}`;
  // Its own process group, so close() stops astro preview itself, not only the npx in front of it.
  const server: ChildProcess = spawn('npx', ['astro', 'preview', '--port', port, '--host', '127.0.0.1'], {
    stdio: 'ignore',
    detached: true,
  });
  const browser = blockServiceWorkers(
    await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--enable-unsafe-swiftshader',
        '--use-angle=swiftshader',
        '--ignore-gpu-blocklist',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }),
  );
  const close = async (): Promise<void> => {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  };
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(origin).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { origin, browser, close };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await close();
  throw new Error('astro preview did not start');
}

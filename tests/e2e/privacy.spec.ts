/**
 * "Your images stay in this browser" (issue 14, item 6), checked: a reader's own image goes through a model figure
 * while every request the page makes is recorded. Each one must be a GET to the site itself with no body, none may
 * name the file, and the footer of every page says so plainly.
 */
import sharp from 'sharp';
import { expect, test } from './fixtures';

const FIGURES = [
  { page: '/chapters/why-machines-read-scans/', tag: 'lb-backbone-inspector' },
  { page: '/chapters/inside-the-cnn/', tag: 'lb-inside-cnn' },
];

test("a reader's own image never leaves the browser", async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: { method: string; url: string; body: string | null }[] = [];
  page.on('request', (request) =>
    requests.push({ method: request.method(), url: request.url(), body: request.postData() }),
  );
  const name = `private-scan-${Date.now()}.png`;
  const image = await sharp({ create: { width: 300, height: 260, channels: 3, background: '#5a4a3a' } })
    .png()
    .toBuffer();
  for (const figure of FIGURES) {
    await page.goto(`${figure.page}?backend=wasm`);
    await expect(page.locator('footer')).toContainText('Your images stay in this browser');
    const widget = page.locator(figure.tag);
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-state', /ready|busy/, { timeout: 90_000 });
    await widget.locator('[data-role="scan-file"]').setInputFiles({ name, mimeType: 'image/png', buffer: image });
    await expect(widget.locator('[data-role="scan-message"]')).not.toContainText(/could not|not an image/);
    // The published result is the reader's image's (each figure names its scan `file:<name>`).
    await expect(widget).toHaveAttribute('data-result', new RegExp(`"scan":"file:${name}"`), { timeout: 90_000 });
    await page.waitForLoadState('networkidle');
  }
  expect(requests.length).toBeGreaterThan(0);
  const leaving = requests.filter(
    (r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:') && !r.url.startsWith('blob:'),
  );
  expect(leaving, 'requests to another origin').toEqual([]);
  expect(
    requests.filter((r) => r.method !== 'GET' || r.body !== null),
    'requests that send anything',
  ).toEqual([]);
  expect(
    requests.filter((r) => r.url.includes(name.replace('.png', ''))),
    'requests naming the file',
  ).toEqual([]);
});

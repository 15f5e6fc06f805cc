/**
 * Chapter 8's figures keep their state in a link too: the explanation explorer switched to Grad-CAM in log-odds,
 * and the mistakes figure switched to occlusion, reopen from their copied links publishing the same result (the
 * round trip of share-link.ts, as for the other chapters' widgets).
 */
import { galleryScans, hasHead } from './chapter-reference';
import { expect, test } from './fixtures';
import { shareRoundTrip } from './share-link';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('chapter 8: the explanation explorer and the mistakes figure reopen from their links', async ({
  page,
  context,
}) => {
  test.skip(galleryScans().length === 0 || !hasHead('cxr'), 'needs the gallery and the CXR head');
  test.setTimeout(240_000);
  await page.goto('/chapters/where-the-network-looked/?backend=wasm');
  await shareRoundTrip(page, context, 'lb-explanation-explorer', async (widget) => {
    await widget.locator('select[data-role="method"]').selectOption('gradcam');
    await widget.locator('input[data-role="space"][value="logodds"]').check();
  });
  expect(page.url()).toContain('gradcam');
  await shareRoundTrip(page, context, 'lb-explanation-mistakes', async (widget) => {
    await widget.locator('select[data-role="method"]').selectOption('occlusion');
  });
});

/** The problem-collecting fixture itself: it must fail tests that hit errors, and honour opt-ins. */
import { expect, test } from './fixtures';

test('fails a test whose page requests a missing file', async ({ page }) => {
  test.fail();
  await page.goto('/');
  await page.evaluate(() => fetch('/no-such-file.json'));
});

test('fails a test whose page throws', async ({ page }) => {
  test.fail();
  await page.goto('/');
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error('deliberate failure');
    }),
  );
  await page.waitForTimeout(200);
});

test.describe('with an expected problem', () => {
  test.use({ allowedProblems: [/no-such-file\.json/] });

  test('passes when the problem was allowed', async ({ page, problems }) => {
    await page.goto('/');
    await page.evaluate(() => fetch('/no-such-file.json'));
    await expect.poll(() => problems.problems.length).toBeGreaterThan(0);
  });
});

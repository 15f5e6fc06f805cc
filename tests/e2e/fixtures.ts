/**
 * The `test` every e2e spec uses: it records console errors, uncaught page errors, failed requests and HTTP
 * responses >= 400 on the page, and fails the test if any occurred. A test that expects some opts in with
 * `test.use({ allowedProblems: [/pattern/] })` or, for one test, `problems.allow(/pattern/)`.
 */
import { test as base, expect } from '@playwright/test';

interface PageProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  text: string;
}

class ProblemLog {
  readonly problems: PageProblem[] = [];
  private readonly allowed: RegExp[];

  constructor(allowed: readonly RegExp[]) {
    this.allowed = [...allowed];
  }

  record(kind: PageProblem['kind'], text: string): void {
    this.problems.push({ kind, text });
  }

  /** Tolerate problems whose text matches `pattern` for the rest of this test. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  unexpected(): PageProblem[] {
    return this.problems.filter((problem) => !this.allowed.some((pattern) => pattern.test(problem.text)));
  }
}

interface Fixtures {
  allowedProblems: RegExp[];
  problems: ProblemLog;
}

export const test = base.extend<Fixtures>({
  allowedProblems: [[], { option: true }],
  problems: [
    async ({ page, allowedProblems }, use, testInfo) => {
      const log = new ProblemLog(allowedProblems);
      page.on('console', (message) => {
        if (message.type() === 'error') log.record('console', `${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => log.record('pageerror', error.stack ?? error.message));
      page.on('requestfailed', (request) => {
        log.record(
          'requestfailed',
          `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
        );
      });
      page.on('response', (response) => {
        if (response.status() >= 400)
          log.record('http', `${response.status()} ${response.request().method()} ${response.url()}`);
      });
      await use(log);
      if (log.problems.length > 0) {
        await testInfo.attach('page-problems.json', {
          body: JSON.stringify(log.problems, null, 2),
          contentType: 'application/json',
        });
      }
      expect(log.unexpected(), 'console errors, page errors or failed requests on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

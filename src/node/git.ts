/** Node-only: the commit a model was trained at, for its meta.json ('unknown' outside a git checkout). */
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './paths';

export function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Turns a fresh clone into a working site: verified ImageNet backbones (from --shared DIR or ../shared, the backbone
 * cache, or downloaded from their official location or --mirror) and, when Kermany data is at hand (../shared or
 * --data with the official zip or folders), a gallery of real TEST-split scans and the TRAIN-split examples of the
 * in-page retraining, with provenance manifests; all into git-ignored folders. Logic in src/node/setup-run.ts.
 * `npm run setup -- --help` lists the options.
 */
import { SETUP_USAGE, parseSetupArgs, runSetup } from '../src/node/setup-run';

if (process.argv.includes('--help')) {
  process.stdout.write(`${SETUP_USAGE}\n`);
} else {
  process.exitCode = await runSetup(parseSetupArgs(process.argv.slice(2)));
}

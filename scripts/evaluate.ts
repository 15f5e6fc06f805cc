/**
 * Scores shipped heads on the official TEST split: `npm run evaluate -- --task cxr|cxr-pathogen|oct|all [--data DIR]`.
 * Run it after training; nothing it prints feeds back into a choice.
 * `--validation` scores only the validation patients (the split meta.json records) into validation-scores.json,
 * where operating points and calibration are fitted; the test split is not opened.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MetricSet } from '../src/lib/model/core/meta';
import type { Estimate } from '../src/lib/model/evaluation/metrics';
import { TASKS } from '../src/lib/model/core/tasks';
import { readFile } from 'node:fs/promises';
import { evaluateHead, type TestScores } from '../src/node/evaluate-task';
import { exportValidationScores } from '../src/node/validation-scores';
import { SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'all' },
    data: { type: 'string', default: SHARED_DATA },
    heads: { type: 'string', default: SITE_HEADS },
    /** The test-scores.json of the model this head replaced: adds McNemar's paired test (one task only). */
    compare: { type: 'string' },
    validation: { type: 'boolean', default: false },
  },
});
const tasks = values.task === 'all' ? Object.keys(TASKS) : [values.task];
const percent = (e: Estimate | undefined): string =>
  e ? `${(e.value * 100).toFixed(1)} % [${(e.low * 100).toFixed(1)}, ${(e.high * 100).toFixed(1)}]` : 'n/a';
const decimal = (e: Estimate | undefined): string =>
  e ? `${e.value.toFixed(3)} [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]` : 'n/a';

function describe(m: MetricSet): string {
  return [
    `  n            ${m.n}`,
    `  accuracy     ${percent(m.accuracy)}`,
    `  sensitivity  ${percent(m.sensitivity)}`,
    `  specificity  ${percent(m.specificity)}`,
    ...(m.atSensitivity
      ? [
          `  specificity at sensitivity ≥ ${m.atSensitivity.minSensitivity * 100} % (read off the ROC): ${percent(m.atSensitivity.specificity)}, sensitivity ${percent(m.atSensitivity.sensitivity)}`,
        ]
      : []),
    `  AUC          ${decimal(m.auc ?? m.urgentAuc)}${m.urgentAuc ? ' (urgent referral: CNV or DME)' : ''}`,
    ...(m.weightedError !== undefined ? [`  Kermany weighted error ${m.weightedError.toFixed(3)}`] : []),
    `  confusion (rows truth, columns called) ${JSON.stringify(m.confusion)}`,
  ].join('\n');
}

/** Validation scores only: the recomputed metrics should equal those meta.json recorded at training time. */
async function validationOnly(tf: Awaited<ReturnType<typeof nodeRuntime>>['tf']): Promise<void> {
  for (const task of tasks) {
    const log = (l: string): void => void process.stderr.write(`${l}\n`);
    const { meta, validation, scores } = await exportValidationScores(tf, join(values.heads, task), values.data, log);
    process.stdout.write(
      `\n${meta.title}: ${scores.rows.length} validation scores written (validation-scores.json)\n` +
        `recomputed from them:\n${describe(validation)}\nrecorded in meta.json at training:\n${describe(meta.metrics.validation)}\n`,
    );
  }
}

try {
  const { tf } = await nodeRuntime();
  if (values.validation) await validationOnly(tf);
  else
    for (const task of tasks) {
      const compare = values.compare ? (JSON.parse(await readFile(values.compare, 'utf8')) as TestScores) : undefined;
      const { meta, test } = await evaluateHead(
        tf,
        join(values.heads, task),
        values.data,
        (l) => process.stderr.write(`${l}\n`),
        { compare },
      );
      const paired = meta.previous?.mcnemar;
      if (paired) {
        process.stdout.write(
          `McNemar against ${meta.previous?.name}: only this head right ${paired.onlyA}, only the previous right ` +
            `${paired.onlyB} (n ${paired.n}); exact p = ${paired.pExact.toPrecision(3)}\n`,
        );
      }
      process.stdout.write(
        `\n${meta.title} — ${meta.selection.chosen}\nvalidation (train-folder patients):\n${describe(meta.metrics.validation)}\n` +
          `official test:\n${describe(test)}\n`,
      );
    }
} catch (error) {
  process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

/**
 * The operating point for Kermany's sensitivity, done honestly, read at build time from a shipped head's score
 * files: the threshold chosen on its VALIDATION scores and applied to its test scores, beside the optimistic one
 * read off the test ROC. Only the first may be put next to Kermany et al.'s fixed operating point.
 */
import type { HeadMeta } from './model/core/meta';
import type { TaskId } from './model/core/tasks';
import { judgeBinary, type BinaryJudging } from './model/evaluation/judging';
import { parseScoreFile, type ScoreFile } from './model/evaluation/scores';

const files = import.meta.glob<{ default: unknown }>('/public/weights/heads/*/{test,validation}-scores.json', {
  eager: true,
});

function scoreFile(task: TaskId, which: 'test' | 'validation'): ScoreFile | null {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/heads/${task}/${which}-scores.json`));
  return entry ? parseScoreFile(entry[1].default, `${task} ${which}-score file`) : null;
}

/** The honest and the optimistic operating point of a binary head, or null (multi-class head, or scores missing). */
export function operatingPoints(meta: HeadMeta): Pick<BinaryJudging, 'honest' | 'optimistic'> | null {
  if (meta.classes.length !== 2) return null;
  const test = scoreFile(meta.task, 'test');
  const validation = scoreFile(meta.task, 'validation');
  if (!test || !validation) return null;
  const { honest, optimistic } = judgeBinary(meta.classes, meta.positive, test, validation);
  return { honest, optimistic };
}

/** The pre-registered recipe as the runner reads it, and the learning-rate schedule it fixes. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { scheduleFactor, type FinetuneParams } from '../../src/lib/model/training/finetune';
import { parseRecipe, RecipeError } from '../../src/node/prereg';

const recipe = JSON.parse(readFileSync('experiments/cxr-finetune-2026-11-v2/recipe.json', 'utf8')) as Record<
  string,
  unknown
>;

describe('scheduleFactor', () => {
  const cosine: FinetuneParams = {
    epochs: 16,
    batchSize: 32,
    headLearningRate: 3e-4,
    backboneLearningRate: 1e-4,
    patience: 16,
    schedule: 'cosine',
    warmupEpochs: 1,
  };
  test('linear warm-up over the first epoch, then cosine to 0 at the last step', () => {
    const steps = 10;
    expect(scheduleFactor(cosine, 0, steps)).toBeCloseTo(0.1, 12);
    expect(scheduleFactor(cosine, 9, steps)).toBeCloseTo(1, 12);
    expect(scheduleFactor(cosine, 10, steps)).toBeCloseTo(1, 12);
    // Halfway through the 150 decay steps: cos(π/2) → ½.
    expect(scheduleFactor(cosine, 85, steps)).toBeCloseTo(0.5, 12);
    expect(scheduleFactor(cosine, 160, steps)).toBeCloseTo(0, 12);
  });
  test('constant (older runs) is 1 throughout', () => {
    expect(scheduleFactor({ ...cosine, schedule: 'constant' }, 85, 10)).toBe(1);
    expect(scheduleFactor({ ...cosine, schedule: undefined }, 0, 10)).toBe(1);
  });
});

describe('parseRecipe', () => {
  test('reads the committed pre-registration: 16 epochs, no early stopping, last weights kept', () => {
    const parsed = parseRecipe(recipe);
    expect(parsed.task.id).toBe('cxr');
    expect(parsed.params).toMatchObject({
      epochs: 16,
      patience: 16,
      schedule: 'cosine',
      keep: 'last',
      labelSmoothing: 0.1,
    });
    expect(parsed.validation).toEqual({ fraction: 0.15, seed: 7 });
    expect(parsed.decision.maxDrop).toBe(0.005);
  });
  test('a missing or invalid field is refused by name', () => {
    expect(() => parseRecipe({ ...recipe, epochs: 0 })).toThrow(
      new RecipeError('recipe.json: "epochs" is missing or invalid.'),
    );
    expect(() => parseRecipe({ ...recipe, batchNorm: 'train' })).toThrow(RecipeError);
    expect(() => parseRecipe({ ...recipe, trainFrom: 'conv_dw_13' })).toThrow(/trainFrom/);
  });
});

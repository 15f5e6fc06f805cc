import { describe, expect, test } from 'vitest';
import {
  ACTIVATIONS,
  activationByHand,
  activationCurve,
  isActivation,
  neuronForward,
} from '../../src/lib/model/lessons/neuron';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();

describe('one neuron', () => {
  test('weighted sum plus bias, then the activation, as computed by hand', async () => {
    const params = { inputs: [1, 0.5, -2], weights: [0.4, -1, 0.25], bias: 0.3 };
    // z = 0.4 − 0.5 − 0.5 + 0.3 = −0.3
    const relu = await neuronForward(tf, { ...params, activation: 'relu' });
    expect(relu.terms.map((t) => Number(t.toFixed(6)))).toEqual([0.4, -0.5, -0.5]);
    expect(relu.z).toBeCloseTo(-0.3, 6);
    expect(relu.y).toBe(0);
    const sigmoid = await neuronForward(tf, { ...params, activation: 'sigmoid' });
    expect(sigmoid.y).toBeCloseTo(1 / (1 + Math.exp(0.3)), 6);
    const tanh = await neuronForward(tf, { ...params, activation: 'tanh' });
    expect(tanh.y).toBeCloseTo(Math.tanh(-0.3), 6);
  });

  test('mismatched inputs and weights are refused', async () => {
    await expect(neuronForward(tf, { inputs: [1, 2], weights: [1], bias: 0, activation: 'relu' })).rejects.toThrow(
      '2 inputs, 1 weights',
    );
  });

  test('activation names', () => {
    expect(ACTIVATIONS).toEqual(['relu', 'sigmoid', 'tanh']);
    expect(isActivation('tanh')).toBe(true);
    expect(isActivation('softmax')).toBe(false);
  });
});

describe('activation curves', () => {
  test('tfjs and plain arithmetic agree on every sampled point', async () => {
    for (const name of ACTIVATIONS) {
      const curve = await activationCurve(tf, name, -6, 6, 121);
      expect(curve.z).toHaveLength(121);
      curve.z.forEach((z, i) => expect(curve.y[i]).toBeCloseTo(activationByHand(name, z), 5));
    }
  });

  test('a curve needs a range and two points', async () => {
    await expect(activationCurve(tf, 'relu', 1, 1, 10)).rejects.toThrow('at least 2 points');
  });
});

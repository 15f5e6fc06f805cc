import { describe, expect, test } from 'vitest';
import {
  BACKEND_ORDER,
  BackendRequestError,
  backendCandidates,
  parseBackendRequest,
} from '../../src/lib/model/core/runtime';
import { nodeRuntime } from '../../src/node/runtime';

describe('parseBackendRequest', () => {
  test('absent or empty → null', () => {
    expect(parseBackendRequest(null)).toBeNull();
    expect(parseBackendRequest(undefined)).toBeNull();
    expect(parseBackendRequest('')).toBeNull();
  });

  test('known names, trimmed and case-insensitive', () => {
    expect(parseBackendRequest('WebGL ')).toBe('webgl');
    expect(parseBackendRequest('wasm')).toBe('wasm');
    expect(parseBackendRequest(' CPU')).toBe('cpu');
  });

  test('an unknown name throws BackendRequestError listing the choices', () => {
    expect(() => parseBackendRequest('nonsense')).toThrow(BackendRequestError);
    expect(() => parseBackendRequest('nonsense')).toThrow('Unknown backend "nonsense". Use one of: webgl, wasm, cpu.');
    expect(() => parseBackendRequest('webgpu')).toThrow(BackendRequestError);
  });
});

describe('backendCandidates', () => {
  test('default order is webgl → wasm → cpu', () => {
    expect(backendCandidates()).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendCandidates()).toEqual([...BACKEND_ORDER]);
  });

  test('the preferred backend goes first, without duplicates', () => {
    expect(backendCandidates({ preferred: 'cpu' })).toEqual(['cpu', 'webgl', 'wasm']);
    expect(backendCandidates({ preferred: 'wasm' })).toEqual(['wasm', 'webgl', 'cpu']);
    expect(backendCandidates({ preferred: 'webgl' })).toEqual(['webgl', 'wasm', 'cpu']);
  });

  test('only allowed backends are tried, in order', () => {
    expect(backendCandidates({ allowed: ['wasm', 'cpu'], preferred: 'wasm' })).toEqual(['wasm', 'cpu']);
    expect(backendCandidates({ allowed: ['cpu', 'wasm'] })).toEqual(['wasm', 'cpu']);
    expect(backendCandidates({ allowed: ['wasm', 'cpu'], preferred: 'webgl' })).toEqual(['wasm', 'cpu']);
    expect(backendCandidates({ allowed: ['cpu'], preferred: 'cpu' })).toEqual(['cpu']);
    expect(backendCandidates({ allowed: [] })).toEqual([]);
  });
});

describe('nodeRuntime', () => {
  test('runs on wasm in Node, with no failures, and is shared', async () => {
    const first = await nodeRuntime();
    expect(first.backend).toBe('wasm');
    expect(first.failures).toEqual([]);
    expect(first.tf.getBackend()).toBe('wasm');
    expect(await nodeRuntime()).toBe(first);
  });
});

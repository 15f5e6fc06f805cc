/**
 * The head trainer's state: the task in the URL (old `retrain=` links keep working), the queue of reader actions,
 * which controls are usable and why training is not, the status line, abandoning work a render stops waiting for,
 * and a training loop that waits while the widget is offscreen and stops once its render is abandoned.
 */
import { describe, expect, test, vi } from 'vitest';
import { ExampleSet, type HeldExample } from '../../src/components/HeadTrainer/examples';
import {
  ABANDONED,
  TASK_IDS,
  controlPlan,
  countsOf,
  enqueue,
  examplesOf,
  isTaskId,
  locks,
  newSession,
  statusLine,
  trainerUrlState,
  unlessAborted,
  type Session,
  type TaskView,
} from '../../src/components/HeadTrainer/state';
import type { GalleryScan } from '../../src/lib/gallery';
import type { Classifier } from '../../src/lib/model/core/classifier';
import { TASKS } from '../../src/lib/model/core/tasks';
import type { HeadScore } from '../../src/lib/model/training/retrain';
import { STRINGS } from '../../src/components/HeadTrainer/strings';
import { trainInto } from '../../src/components/HeadTrainer/training';
import { nodeRuntime } from '../../src/node/runtime';

const CXR = TASKS.cxr;

function score(correct: number, total: number): HeadScore {
  return { correct, total, confusion: [], verdicts: [] };
}

/** A session with the cxr task open: `films` training films per class, `perClass` examples per class. */
function openSession(perClass: readonly number[], films = 5): Session {
  const session = newSession();
  const view: TaskView = {
    task: CXR,
    classifier: { meta: { finetunedBackbone: null } } as unknown as Classifier,
    training: CXR.classes.map(() => Array.from({ length: films }, (_, i) => ({ id: `f${i}` }) as GalleryScan)),
    heldOut: { rows: [], features: [], shipped: score(20, 24) },
    featureSize: 4,
    head: null,
    info: null,
    yours: null,
    history: [],
    restored: false,
  };
  session.view = view;
  const examples = examplesOf(session, 'cxr');
  perClass.forEach((n, classIndex) => {
    for (let i = 0; i < n; i++) {
      const name = `c${classIndex}-${i}`;
      examples.add({
        key: examples.nextKey(name),
        classIndex,
        feature: new Float32Array(4),
        name,
        scanId: null,
        preview: { width: 1, height: 1, values: new Float32Array(1) },
      } satisfies HeldExample);
    }
  });
  return session;
}

describe('head trainer URL state', () => {
  test('the task lives under the old key, retrain=, with the model library’s task ids', () => {
    expect(trainerUrlState.keys).toEqual(['retrain']);
    expect(TASK_IDS).toEqual(Object.keys(TASKS));
    expect(trainerUrlState.parse(new URLSearchParams('retrain=oct')).state).toEqual({ task: 'oct' });
    const params = new URLSearchParams('scan=x');
    trainerUrlState.write({ task: 'cxr-pathogen' }, params);
    expect(params.toString()).toBe('scan=x&retrain=cxr-pathogen');
  });

  test('an unknown task falls back to the first with a note', () => {
    const { state, notes } = trainerUrlState.parse(new URLSearchParams('retrain=knee'));
    expect(state.task).toBe(TASK_IDS[0]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('retrain=knee');
    expect(isTaskId('oct')).toBe(true);
    expect(isTaskId('knee')).toBe(false);
    expect(isTaskId(null)).toBe(false);
  });
});

describe('head trainer actions', () => {
  test('storing the examples is queued once and never locks the controls; the rest do', () => {
    let queue = enqueue([], { kind: 'persist' });
    queue = enqueue(queue, { kind: 'train' });
    queue = enqueue(queue, { kind: 'persist' });
    expect(queue.map((a) => a.kind)).toEqual(['persist', 'train']);
    expect(locks({ kind: 'persist' })).toBe(false);
    expect(locks({ kind: 'download' })).toBe(false);
    expect(locks({ kind: 'train' })).toBe(true);
    expect(locks({ kind: 'forget' })).toBe(true);
    expect(locks({ kind: 'add', classIndex: 0, sources: [] })).toBe(true);
  });
});

describe('head trainer controls', () => {
  test('before a task is open only the task menu works', () => {
    const plan = controlPlan(newSession());
    expect(plan).toMatchObject({ task: true, edit: false, train: false, download: false, forget: false });
    expect(plan.trainReason).toBe('');
  });

  test('training is off, with the reason in words, until every class has enough examples', () => {
    const none = controlPlan(openSession([0, 0]));
    expect(none.train).toBe(false);
    expect(none.trainReason).toBe('Add at least 3 examples of NORMAL and PNEUMONIA (now 0 and 0).');
    expect(none.addGallery).toEqual([true, true]);
    expect(none.edit).toBe(true);
    const one = controlPlan(openSession([3, 1]));
    expect(one.train).toBe(false);
    expect(one.trainReason).toBe('Add at least 3 examples of PNEUMONIA (now 1).');
    const ready = controlPlan(openSession([3, 3]));
    expect(ready.train).toBe(true);
    expect(ready.trainReason).toBe('');
    expect(countsOf(openSession([2, 3]))).toEqual([2, 3]);
  });

  test('a class without training films cannot add any; download and forget need a head', () => {
    const session = openSession([2, 2], 0);
    expect(controlPlan(session).addGallery).toEqual([false, false]);
    expect(controlPlan(session)).toMatchObject({ download: false, forget: false });
    (session.view as TaskView).head = {} as TaskView['head'];
    expect(controlPlan(session)).toMatchObject({ download: true, forget: true });
  });

  test('while busy nothing but "stop training" works, and that only while training', () => {
    const session = openSession([2, 2]);
    session.busy = true;
    const plan = controlPlan(session);
    expect(plan).toMatchObject({ task: false, edit: false, train: false, download: false, cancel: false });
    expect(plan.addGallery).toEqual([false, false]);
    session.cancel = new AbortController();
    expect(controlPlan(session).cancel).toBe(true);
  });
});

describe('head trainer status line', () => {
  test('says what is missing, that training can start, or what the trained head scores', () => {
    expect(statusLine(openSession([1, 0]), 'wasm')).toBe(
      'Ready on wasm. Add at least 3 examples of NORMAL and PNEUMONIA (now 1 and 0). Then train your head.',
    );
    expect(statusLine(openSession([3, 3]), 'webgl')).toContain('Ready on webgl: every class has enough examples');
    const trained = openSession([2, 2]);
    Object.assign(trained.view as TaskView, { head: {}, yours: score(18, 24) });
    const line = statusLine(trained, 'wasm');
    expect(line).toContain('Your head is trained: it calls 18 of 24 held-out scans right (Lightbox’s head: 20 of 24).');
    expect(line).not.toContain('Add at least');
    Object.assign(trained.view as TaskView, { restored: true });
    expect(statusLine(trained, 'wasm')).toContain('Your saved head is back: it calls 18 of 24');
  });
});

describe('abandoning work', () => {
  test('the work’s value, its error, or ABANDONED as soon as the signal aborts', async () => {
    const live = new AbortController();
    await expect(unlessAborted(Promise.resolve(7), live.signal)).resolves.toBe(7);
    await expect(unlessAborted(Promise.reject(new Error('no')), live.signal)).rejects.toThrow('no');
    const stopping = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = unlessAborted(never, stopping.signal);
    stopping.abort();
    await expect(waiting).resolves.toBe(ABANDONED);
    await expect(unlessAborted(Promise.resolve(1), stopping.signal)).resolves.toBe(ABANDONED);
  });
});

describe('the training loop', () => {
  test('waits while the widget is offscreen, stops once its render is abandoned, and keeps nothing', async () => {
    const { tf } = await nodeRuntime();
    const before = tf.memory().numTensors;
    const meta = { task: 'cxr', classes: CXR.classes, created: 'test', feature: { backbone: 'b', layer: 'l' } };
    const view = openSession([0, 0]).view as TaskView;
    view.classifier = { meta } as unknown as Classifier;
    const examples = new ExampleSet();
    for (let i = 0; i < 16; i++) {
      const feature = Float32Array.from({ length: 4 }, (_, k) => (i % 2 ? 1 : -1) * (1 + k / 10));
      examples.add({
        key: `e${i}`,
        classIndex: i % 2,
        feature,
        name: `e${i}`,
        scanId: null,
        preview: { width: 1, height: 1, values: new Float32Array(1) },
      });
    }
    let gate: { open: () => void; promise: Promise<void> } | null = null;
    const close = (): void => {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { open, promise };
    };
    close(); // offscreen from the start
    const epochs: number[] = [];
    const render = new AbortController();
    const running = trainInto(tf, view, examples, {
      signal: render.signal,
      stop: new AbortController().signal,
      progress: () => undefined,
      whenVisible: () => gate?.promise ?? Promise.resolve(),
      onEpoch: (history) => {
        epochs.push(history.length);
        if (history.length === 2) close(); // scrolled away again after the second epoch
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(epochs).toEqual([]); // one batch ran, then the loop waited: no epoch finished offscreen
    const first = gate as unknown as { open: () => void };
    gate = null;
    first.open();
    await vi.waitFor(() => expect(epochs).toEqual([1, 2]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(epochs).toEqual([1, 2]);
    render.abort();
    (gate as unknown as { open: () => void }).open();
    await expect(running).resolves.toBe(STRINGS.cancelled);
    expect(view.head).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});

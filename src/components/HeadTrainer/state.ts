/**
 * The head trainer's state. In the URL: the task (`retrain=`, the key old links use). In the page, per widget: the
 * reader's examples per task (they survive task switches and lost WebGL contexts), the open task, and the actions
 * the reader asked for, which the next render performs. Pure rules decide which controls are usable and why.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { GalleryScan } from '../../lib/gallery';
import type { Classifier } from '../../lib/model/core/classifier';
import type { RawImage } from '../../lib/model/core/preprocess';
import type { BackendName } from '../../lib/model/core/runtime';
import { TASKS, type TaskId, type TaskInfo } from '../../lib/model/core/tasks';
import { countPerClass, missingExamples, type HeadScore, type ReaderHeadInfo } from '../../lib/model/training/retrain';
import type { EpochReport } from '../../lib/model/training/train-head';
import { choiceField, defineUrlState } from '../../lib/view/url-state';
import { ExampleSet } from './examples';
import type { HeldOut } from './scans';
import { STRINGS } from './strings';

export interface TrainerState {
  task: TaskId;
}

export const TASK_IDS = Object.keys(TASKS) as TaskId[];
const DEFAULT_TASK = TASK_IDS[0] as TaskId;

export const trainerUrlState = defineUrlState<TrainerState>(
  'the head trainer',
  '',
  { task: choiceField(TASK_IDS, DEFAULT_TASK) },
  { task: 'retrain' },
);

export function isTaskId(value: string | null | undefined): value is TaskId {
  return value !== null && value !== undefined && value in TASKS;
}

/** Training films added per click: enough to see the head move, few enough to add class by class. */
export const GALLERY_STEP = 5;

/** An image the reader adds, read only when its turn comes. */
export interface ImageSource {
  name: string;
  /** Gallery scan id, or null for the reader's own file. */
  scanId: string | null;
  image: () => Promise<RawImage>;
}

/** What the reader asked for; the next render does it (after opening the task, if that is needed first). */
export type Action =
  | { kind: 'add'; classIndex: number; sources: ImageSource[]; credit?: string }
  | { kind: 'train' }
  | { kind: 'forget' }
  | { kind: 'download' }
  | { kind: 'import'; files: File[] }
  | { kind: 'persist' };

/** Actions that lock the controls while they run (storing the examples or handing out the head does not). */
export function locks(action: Action): boolean {
  return action.kind !== 'persist' && action.kind !== 'download';
}

/** Queues an action; a pending "store the examples" is kept once. */
export function enqueue(queue: readonly Action[], action: Action): Action[] {
  if (action.kind === 'persist' && queue.some((a) => a.kind === 'persist')) return [...queue];
  return [...queue, action];
}

/** One task as the widget holds it open: the page's classifier (shared, never disposed here) and the reader's head. */
export interface TaskView {
  task: TaskInfo;
  classifier: Classifier;
  training: GalleryScan[][];
  heldOut: HeldOut;
  /** The length of the feature vector the reader's head reads. */
  featureSize: number;
  head: tfc.LayersModel | null;
  info: ReaderHeadInfo | null;
  yours: HeadScore | null;
  history: EpochReport[];
  restored: boolean;
}

/** What a widget instance keeps across renders and runtime resets. */
export interface Session {
  examples: Map<TaskId, ExampleSet>;
  view: TaskView | null;
  /** The view whose columns the markup shows. */
  shown: TaskView | null;
  queue: Action[];
  busy: boolean;
  /** Stops the training in flight (the "Stop training" button). */
  cancel: AbortController | null;
}

export function newSession(): Session {
  return { examples: new Map(), view: null, shown: null, queue: [], busy: false, cancel: null };
}

export function examplesOf(session: Session, task: TaskId): ExampleSet {
  let set = session.examples.get(task);
  if (!set) {
    set = new ExampleSet();
    session.examples.set(task, set);
  }
  return set;
}

/** Examples per class of the open task. */
export function countsOf(session: Session): number[] {
  const view = session.view;
  if (!view) return [];
  return countPerClass(examplesOf(session, view.task.id).all, view.task.classes.length);
}

/** Which controls the reader can use, and why "Train my head" is not one of them when it is not. */
export interface ControlPlan {
  task: boolean;
  addGallery: boolean[];
  /** File inputs and remove buttons. */
  edit: boolean;
  train: boolean;
  /** Shown beside the train button when examples are missing (empty otherwise). */
  trainReason: string;
  download: boolean;
  forget: boolean;
  /** Whether "Stop training" shows. */
  cancel: boolean;
}

/** Nothing but "stop" while busy (the task menu stays reachable if a task fails); train only with enough examples. */
export function controlPlan(session: Session): ControlPlan {
  const { view, busy } = session;
  const missing = view ? missingExamples(countsOf(session), view.task.classes) : null;
  const head = Boolean(view?.head);
  return {
    task: !busy,
    addGallery: view ? view.training.map((scans) => !busy && scans.length > 0) : [],
    edit: !busy && view !== null,
    train: !busy && view !== null && missing === null,
    trainReason: missing ?? '',
    download: !busy && head,
    forget: !busy && head,
    cancel: busy && session.cancel !== null,
  };
}

export const ABANDONED = Symbol('abandoned');

/**
 * `work`, or ABANDONED as soon as `signal` aborts: a render stops waiting for work on a lost WebGL context (whose
 * reads may never return) and the next render starts; the work itself checks the signal before it keeps anything.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABANDONED> {
  if (signal.aborted) return Promise.resolve(ABANDONED);
  return new Promise((resolve, reject) => {
    const abandon = (): void => resolve(ABANDONED);
    signal.addEventListener('abort', abandon, { once: true });
    void work.then(
      (value) => {
        signal.removeEventListener('abort', abandon);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abandon);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The status line after a render: the head's score when there is one, else what is missing or that it can train. */
export function statusLine(session: Session, backend: BackendName): string {
  const view = session.view;
  if (!view) return STRINGS.working;
  if (view.head) return STRINGS.headScore(view.restored, view.yours, view.heldOut.shipped);
  const missing = missingExamples(countsOf(session), view.task.classes);
  return missing ? STRINGS.readyToAdd(backend, missing) : STRINGS.readyToTrain(backend);
}

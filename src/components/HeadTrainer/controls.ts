/**
 * The head trainer's controls: the task menu, the per-class buttons and file inputs, drops on a class column, and
 * train / stop / download / forget. A control changes the state or queues an action for the next render; none runs
 * work itself. Removing an example is immediate (the thumbnails and counts follow at once); storing it is queued.
 */
import type { WidgetContext } from '../../lib/view/widget';
import { bindDrop, fileSources, gallerySources } from './gather';
import { applyControls, focusAfterRemoval, showExamples, showMessage } from './render';
import {
  controlPlan,
  enqueue,
  examplesOf,
  isTaskId,
  type Action,
  type Session,
  type TaskView,
  type TrainerState,
} from './state';
import { STRINGS } from './strings';

type Ctx = WidgetContext<TrainerState, unknown>;
type Ask = (action: Action) => void;

export function bindControls(ctx: Ctx, session: () => Session): void {
  const ask: Ask = (action) => {
    const current = session();
    if (current.busy) return showMessage(ctx.root, STRINGS.busy);
    current.queue = enqueue(current.queue, action);
    ctx.request();
  };
  ctx.listen(ctx.root, 'click', (event) => onClick(ctx, session(), event, ask));
  ctx.listen(ctx.root, 'change', (event) => onChange(ctx, event, ask));
  bindDrop(ctx, (classIndex, files) => ask({ kind: 'add', classIndex, sources: fileSources(files) }));
}

function onClick(ctx: Ctx, session: Session, event: Event, ask: Ask): void {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button');
  const view = session.view;
  if (!button || !view) return;
  if (button.dataset.remove) return remove(ctx, session, view, button, ask);
  switch (button.dataset.action) {
    case 'add-gallery':
      return addFromGallery(ctx, session, view, Number(button.dataset.class), ask);
    case 'train':
      return ask({ kind: 'train' });
    case 'cancel':
      return session.cancel?.abort();
    case 'download':
      return ask({ kind: 'download' });
    case 'forget':
      return ask({ kind: 'forget' });
    default:
  }
}

function onChange(ctx: Ctx, event: Event, ask: Ask): void {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.type === 'file' && target.files?.length) {
    const files = [...target.files];
    target.value = '';
    if (target.dataset.role === 'import') return ask({ kind: 'import', files });
    ask({ kind: 'add', classIndex: Number(target.dataset.class), sources: fileSources(files) });
  } else if (target instanceof HTMLSelectElement && target.dataset.role === 'task' && isTaskId(target.value)) {
    ctx.setState({ task: target.value });
  }
}

function addFromGallery(ctx: Ctx, session: Session, view: TaskView, classIndex: number, ask: Ask): void {
  const picked = gallerySources(view, examplesOf(session, view.task.id), classIndex);
  if (!picked) return showMessage(ctx.root, STRINGS.noneLeft(view.task.classes[classIndex] ?? ''));
  ask({ kind: 'add', classIndex, sources: picked.sources, credit: picked.credit });
}

function remove(ctx: Ctx, session: Session, view: TaskView, button: HTMLButtonElement, ask: Ask): void {
  if (session.busy) return showMessage(ctx.root, STRINGS.busy);
  const column = button.closest<HTMLElement>('.ht-class');
  const classIndex = Number(column?.dataset.class);
  const index = [...(column?.querySelectorAll('[data-remove]') ?? [])].indexOf(button);
  const examples = examplesOf(session, view.task.id);
  examples.remove(button.dataset.remove ?? '');
  showExamples(ctx.root, classIndex, examples.ofClass(classIndex));
  applyControls(ctx.root, controlPlan(session));
  focusAfterRemoval(ctx.root, classIndex, index);
  ask({ kind: 'persist' });
}

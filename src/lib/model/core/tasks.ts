/**
 * The diagnostic tasks Lightbox trains heads for, with their classes in output order. Which images belong to a task
 * and with which label is decided here once, for the scripts and the widgets alike.
 */
export type TaskId = 'cxr' | 'cxr-pathogen' | 'oct';

export interface TaskInfo {
  id: TaskId;
  title: string;
  dataset: 'cxr' | 'oct';
  /** Output order of the head. */
  classes: readonly string[];
  /** Which classes count as "positive" for binary metrics (sensitivity, AUC); empty for none. */
  positive: readonly string[];
}

export const TASKS: Readonly<Record<TaskId, TaskInfo>> = {
  cxr: {
    id: 'cxr',
    title: 'Chest X-ray: pneumonia vs normal',
    dataset: 'cxr',
    classes: ['NORMAL', 'PNEUMONIA'],
    positive: ['PNEUMONIA'],
  },
  'cxr-pathogen': {
    id: 'cxr-pathogen',
    title: 'Chest X-ray pneumonia: bacterial vs viral',
    dataset: 'cxr',
    classes: ['BACTERIA', 'VIRUS'],
    positive: ['VIRUS'],
  },
  oct: {
    id: 'oct',
    title: 'Retinal OCT: CNV, DME, drusen, normal',
    dataset: 'oct',
    classes: ['CNV', 'DME', 'DRUSEN', 'NORMAL'],
    positive: ['CNV', 'DME'],
  },
};

export function taskInfo(id: string): TaskInfo {
  if (id in TASKS) return TASKS[id as TaskId];
  throw new Error(`Unknown task "${id}". Tasks: ${Object.keys(TASKS).join(', ')}.`);
}

/** A labelled scan as the dataset describes it (label = folder class, subtype = bacteria|virus for pneumonia). */
export interface ScanLabel {
  label: string;
  subtype: string;
}

/** The task's class for a scan, or null when the scan is not part of the task (e.g. normal films for pathogen). */
export function classOf(task: TaskInfo, scan: ScanLabel): string | null {
  const name =
    task.id === 'cxr-pathogen'
      ? scan.label === 'PNEUMONIA'
        ? scan.subtype.toUpperCase()
        : ''
      : scan.label.toUpperCase();
  return task.classes.includes(name) ? name : null;
}

/**
 * Patient ids from Kermany file names: OCT `CNV-1234-5` → `1234`; CXR `person12_virus_34` → `person12`;
 * `IM-0001-0001` → `IM-0001`; `NORMAL2-IM-1234-0001` → `NORMAL2-IM-1234`. Unknown patterns fall back to the name
 * itself (one image, one patient), which keeps splits disjoint at the cost of nothing.
 */
export function patientIdFromName(fileName: string): string {
  const stem = fileName.replace(/\.[a-z0-9]+$/i, '');
  const oct = /^(?:CNV|DME|DRUSEN|NORMAL)-(\d+)-\d+$/i.exec(stem);
  if (oct?.[1]) return oct[1];
  const person = /^(person\d+)_/i.exec(stem);
  if (person?.[1]) return person[1];
  const normal = /^((?:NORMAL2-)?IM-\d+)-/i.exec(stem);
  if (normal?.[1]) return normal[1];
  return stem;
}

/** bacteria|virus from a CXR pneumonia file name, '' otherwise. */
export function subtypeFromName(fileName: string): string {
  const match = /_(bacteria|virus)_/i.exec(fileName);
  return match?.[1] ? match[1].toLowerCase() : '';
}

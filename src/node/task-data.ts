/** Node-only: a dataset listing seen through one task: which scans, which class, which split. */
import { classOf, type TaskInfo } from '../lib/model/core/tasks';
import type { LabelledFeatures } from '../lib/model/training/train-head';
import type { DatasetListing, ScanRecord } from './dataset';
import type { FeatureTable } from './feature-store';

export interface LabelledRecord extends ScanRecord {
  classIndex: number;
}

export function taskRecords(
  listing: DatasetListing,
  task: TaskInfo,
): { train: LabelledRecord[]; test: LabelledRecord[] } {
  const labelled: LabelledRecord[] = [];
  for (const record of listing.records) {
    const name = classOf(task, record);
    if (name !== null) labelled.push({ ...record, classIndex: task.classes.indexOf(name) });
  }
  const train = labelled.filter((r) => r.split === 'train');
  for (const [index, name] of task.classes.entries()) {
    if (!train.some((r) => r.classIndex === index)) {
      throw new Error(`Task ${task.id}: class ${name} has no training images in ${listing.root}.`);
    }
  }
  return { train, test: labelled.filter((r) => r.split === 'test') };
}

/** Features and labels in the table's order (unreadable scans are already out of the table). */
export function labelledFeatures(table: FeatureTable, classOfRecord: (record: ScanRecord) => number): LabelledFeatures {
  return {
    features: table.rows.map((row) => row.vector),
    labels: table.rows.map((row) => classOfRecord(row.record)),
    shape: table.shape,
  };
}

export function countByClass(records: readonly LabelledRecord[], classes: readonly string[]): Record<string, number> {
  return Object.fromEntries(classes.map((name, i) => [name, records.filter((r) => r.classIndex === i).length]));
}

/** Class counts of a dataset, per split, as rows for a chart; labels are the dataset's folder names. */

type SplitCounts = Readonly<Record<string, number>>;

export interface DatasetCounts {
  train: SplitCounts;
  test: SplitCounts;
}

export interface CountRow {
  split: 'train' | 'test';
  label: string;
  count: number;
}

const SPLITS = ['train', 'test'] as const;

export function countRows(counts: DatasetCounts): CountRow[] {
  return SPLITS.flatMap((split) =>
    Object.entries(counts[split]).map(([label, count]) => {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`Count for ${split}/${label} is not a count: ${count}.`);
      return { split, label, count };
    }),
  );
}

export function total(counts: DatasetCounts): number {
  return countRows(counts).reduce((sum, row) => sum + row.count, 0);
}

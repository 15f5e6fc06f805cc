import { beforeAll, describe, expect, test } from 'vitest';
import { splitByPatient, type Splittable } from '../../src/lib/model/training/split';
import { TASKS } from '../../src/lib/model/core/tasks';
import { listDataset, type DatasetListing } from '../../src/node/dataset';
import { SHARED_DATA as DATA } from '../../src/node/paths';
import { taskRecords } from '../../src/node/task-data';
import { missing } from './needs-files';

const noData = missing(DATA, 'splitByPatient on the real CXR manifest');

interface Item extends Splittable {
  id: number;
}

/** 3 classes; 40/20/6 patients; 1-4 images each; patient p7 has a minority image of another class. */
function synthetic(): Item[] {
  const items: Item[] = [];
  let id = 0;
  const add = (label: string, patients: number) => {
    for (let p = 0; p < patients; p++) {
      for (let k = 0; k <= p % 4; k++) items.push({ id: id++, label, patientId: `${label}-${p}` });
    }
  };
  add('A', 40);
  add('B', 20);
  add('C', 6);
  items.push({ id: id++, label: 'C', patientId: 'A-7' });
  return items;
}

const patientsOf = (items: readonly Splittable[]) => new Set(items.map((i) => i.patientId));
const key = (items: readonly Item[]) => items.map((i) => i.id).join(',');

describe('splitByPatient on synthetic data', () => {
  const items = synthetic();

  test('patient-disjoint and a partition of the input', () => {
    const { train, validation } = splitByPatient(items, 0.2, 1);
    const trainPatients = patientsOf(train);
    for (const p of patientsOf(validation)) expect(trainPatients.has(p)).toBe(false);
    expect(train.length + validation.length).toBe(items.length);
    expect(new Set([...train, ...validation].map((i) => i.id)).size).toBe(items.length);
    // All images of a patient stay together, including a minority-label image.
    const a7 = items.filter((i) => i.patientId === 'A-7');
    const side = validation.some((i) => i.patientId === 'A-7') ? validation : train;
    for (const item of a7) expect(side).toContain(item);
  });

  test('holds out round(fraction x patients) of each class, so every class is in validation', () => {
    const { validation } = splitByPatient(items, 0.2, 1);
    const heldPatients = (label: string) =>
      new Set(validation.filter((i) => i.patientId.startsWith(`${label}-`)).map((i) => i.patientId)).size;
    expect(heldPatients('A')).toBe(8);
    expect(heldPatients('B')).toBe(4);
    expect(heldPatients('C')).toBe(1);
    for (const label of ['A', 'B', 'C']) expect(validation.some((i) => i.label === label)).toBe(true);
  });

  test('a class with few patients still gets one validation patient; a single patient stays in training', () => {
    const few = [
      { label: 'X', patientId: 'x1' },
      { label: 'X', patientId: 'x2' },
      { label: 'Y', patientId: 'y1' },
      { label: 'Y', patientId: 'y2' },
      { label: 'Y', patientId: 'y3' },
      { label: 'Z', patientId: 'z1' },
    ];
    const { train, validation } = splitByPatient(few, 0.01, 3);
    expect(validation.filter((i) => i.label === 'X')).toHaveLength(1);
    expect(validation.filter((i) => i.label === 'Y')).toHaveLength(1);
    expect(validation.filter((i) => i.label === 'Z')).toHaveLength(0);
    expect(train.map((i) => i.patientId)).toContain('z1');
  });

  test('deterministic for a seed, different for another, independent of input order', () => {
    const a = splitByPatient(items, 0.2, 42);
    const b = splitByPatient(items, 0.2, 42);
    expect(key(a.validation)).toBe(key(b.validation));
    expect(key(a.train)).toBe(key(b.train));
    const c = splitByPatient(items, 0.2, 43);
    expect(key(c.validation)).not.toBe(key(a.validation));
    const reversed = splitByPatient([...items].reverse(), 0.2, 42);
    expect(patientsOf(reversed.validation)).toEqual(patientsOf(a.validation));
  });

  test.each([0, 1, -0.1, 1.5, Number.NaN])('fraction %s is rejected', (fraction) => {
    expect(() => splitByPatient(items, fraction, 1)).toThrow(/Validation fraction must be between 0 and 1/);
  });
});

describe.skipIf(noData)('splitByPatient on the real CXR manifest', () => {
  let listing: DatasetListing;
  beforeAll(async () => {
    listing = await listDataset(DATA, 'cxr');
  });

  test('no patient in both training and validation; the test split is never in either', () => {
    const { train: pool, test: testRecords } = taskRecords(listing, TASKS.cxr);
    expect(pool.length).toBeGreaterThan(5000);
    expect(testRecords.length).toBeGreaterThan(600);
    expect(pool.every((r) => r.split === 'train')).toBe(true);
    expect(testRecords.every((r) => r.split === 'test')).toBe(true);
    const split = splitByPatient(
      pool.map((r) => ({ ...r, label: TASKS.cxr.classes[r.classIndex] ?? '' })),
      0.15,
      7,
    );
    const trainPatients = patientsOf(split.train);
    const overlap = [...patientsOf(split.validation)].filter((p) => trainPatients.has(p));
    expect(overlap).toEqual([]);
    expect(split.train.length + split.validation.length).toBe(pool.length);
    const testPaths = new Set(testRecords.map((r) => r.relpath));
    expect(split.train.filter((r) => testPaths.has(r.relpath))).toEqual([]);
    expect(split.validation.filter((r) => testPaths.has(r.relpath))).toEqual([]);
    for (const index of [0, 1]) expect(split.validation.some((r) => r.classIndex === index)).toBe(true);
    // About 15 % of the images go to validation (patients differ in image count).
    expect(split.validation.length / pool.length).toBeGreaterThan(0.1);
    expect(split.validation.length / pool.length).toBeLessThan(0.2);
  });

  test('pathogen task: normal films are not in the pool; both subtypes are in validation', () => {
    const { train: pool, test: testRecords } = taskRecords(listing, TASKS['cxr-pathogen']);
    expect(pool.every((r) => r.label === 'PNEUMONIA')).toBe(true);
    expect(testRecords.every((r) => r.label === 'PNEUMONIA')).toBe(true);
    const split = splitByPatient(
      pool.map((r) => ({ ...r, label: r.subtype })),
      0.1,
      11,
    );
    const trainPatients = patientsOf(split.train);
    expect([...patientsOf(split.validation)].filter((p) => trainPatients.has(p))).toEqual([]);
    expect(new Set(split.validation.map((r) => r.subtype))).toEqual(new Set(['bacteria', 'virus']));
  });

  test('taskRecords names the class that has no training images', () => {
    const onlyNormal: DatasetListing = { ...listing, records: listing.records.filter((r) => r.label === 'NORMAL') };
    expect(() => taskRecords(onlyNormal, TASKS.cxr)).toThrow(/class PNEUMONIA has no training images/);
  });
});

import { describe, expect, test } from 'vitest';
import { TASKS, classOf, patientIdFromName, subtypeFromName, taskInfo } from '../../src/lib/model/core/tasks';

describe('taskInfo', () => {
  test('known ids resolve, unknown ids list the tasks', () => {
    expect(taskInfo('oct')).toBe(TASKS.oct);
    expect(taskInfo('cxr-pathogen').classes).toEqual(['BACTERIA', 'VIRUS']);
    expect(() => taskInfo('mri')).toThrow(/Unknown task "mri".*cxr, cxr-pathogen, oct/);
  });

  test('every positive class is one of the task classes', () => {
    for (const task of Object.values(TASKS)) {
      for (const name of task.positive) expect(task.classes).toContain(name);
    }
  });
});

describe('classOf', () => {
  test('cxr: the folder label, case-insensitively', () => {
    expect(classOf(TASKS.cxr, { label: 'NORMAL', subtype: '' })).toBe('NORMAL');
    expect(classOf(TASKS.cxr, { label: 'PNEUMONIA', subtype: 'virus' })).toBe('PNEUMONIA');
    expect(classOf(TASKS.cxr, { label: 'pneumonia', subtype: 'bacteria' })).toBe('PNEUMONIA');
    expect(classOf(TASKS.cxr, { label: 'CNV', subtype: '' })).toBeNull();
  });

  test('cxr-pathogen: pneumonia subtype only; normal films and unknown subtypes are out', () => {
    expect(classOf(TASKS['cxr-pathogen'], { label: 'PNEUMONIA', subtype: 'bacteria' })).toBe('BACTERIA');
    expect(classOf(TASKS['cxr-pathogen'], { label: 'PNEUMONIA', subtype: 'virus' })).toBe('VIRUS');
    expect(classOf(TASKS['cxr-pathogen'], { label: 'PNEUMONIA', subtype: '' })).toBeNull();
    expect(classOf(TASKS['cxr-pathogen'], { label: 'NORMAL', subtype: 'virus' })).toBeNull();
  });

  test('oct: the four classes', () => {
    for (const name of ['CNV', 'DME', 'DRUSEN', 'NORMAL'])
      expect(classOf(TASKS.oct, { label: name, subtype: '' })).toBe(name);
    expect(classOf(TASKS.oct, { label: 'PNEUMONIA', subtype: '' })).toBeNull();
  });
});

describe('patientIdFromName', () => {
  test.each([
    ['CNV-1234-5.jpeg', '1234'],
    ['DME-11053-1.jpeg', '11053'],
    ['DRUSEN-9928043-9.jpeg', '9928043'],
    ['NORMAL-9251-1.jpeg', '9251'],
    ['cnv-77-2.JPEG', '77'],
    ['person12_virus_34.jpeg', 'person12'],
    ['person1_bacteria_1.jpeg', 'person1'],
    ['person447_virus_921_1.jpeg', 'person447'],
    ['IM-0001-0001.jpeg', 'IM-0001'],
    ['NORMAL2-IM-1234-0001.jpeg', 'NORMAL2-IM-1234'],
    ['NORMAL2-IM-0013-0001.png', 'NORMAL2-IM-0013'],
    ['IM-0005-0001', 'IM-0005'],
  ])('%s → %s', (name, id) => {
    expect(patientIdFromName(name)).toBe(id);
  });

  test('unknown patterns fall back to the stem (one image, one patient)', () => {
    expect(patientIdFromName('scan_final.png')).toBe('scan_final');
    expect(patientIdFromName('CNV-abc-1.jpeg')).toBe('CNV-abc-1');
    expect(patientIdFromName('README')).toBe('README');
  });
});

describe('subtypeFromName', () => {
  test('bacteria|virus, lower-cased; empty otherwise', () => {
    expect(subtypeFromName('person12_virus_34.jpeg')).toBe('virus');
    expect(subtypeFromName('person1_bacteria_1.jpeg')).toBe('bacteria');
    expect(subtypeFromName('person1_BACTERIA_1.jpeg')).toBe('bacteria');
    expect(subtypeFromName('IM-0001-0001.jpeg')).toBe('');
    expect(subtypeFromName('virus.jpeg')).toBe('');
  });
});

/** Kermany et al. 2018 (Cell 172:1122), the numbers Lightbox's heads are put beside. InceptionV3, transfer learning. */
import type { TaskId } from '../core/tasks';

export interface ReferenceResult {
  source: string;
  accuracy?: number;
  sensitivity?: number;
  specificity?: number;
  auc?: number;
  weightedError?: number;
}

export const KERMANY_2018: Readonly<Record<TaskId, ReferenceResult>> = {
  cxr: {
    source: 'Kermany et al. 2018, pneumonia vs normal (624 test films)',
    accuracy: 0.928,
    sensitivity: 0.932,
    specificity: 0.901,
    auc: 0.968,
  },
  'cxr-pathogen': {
    source: 'Kermany et al. 2018, bacterial vs viral pneumonia',
    accuracy: 0.907,
    sensitivity: 0.886,
    specificity: 0.909,
    auc: 0.94,
  },
  oct: {
    source: 'Kermany et al. 2018, four-class OCT (1000 test scans)',
    accuracy: 0.966,
    sensitivity: 0.978,
    specificity: 0.974,
    auc: 0.999,
    weightedError: 0.066,
  },
};

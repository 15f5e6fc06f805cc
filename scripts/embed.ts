/** Fills the embedding cache for a dataset (train and test) in one feature space: `npm run embed -- --dataset cxr`. */
import { parseArgs } from 'node:util';
import { listDataset } from '../src/node/dataset';
import { featuresFor } from '../src/node/feature-store';
import { SHARED_DATA } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'cxr' },
    data: { type: 'string', default: SHARED_DATA },
    backbone: { type: 'string', default: 'mobilenet_v1_0.25_224' },
    layer: { type: 'string', default: 'conv_pw_13_relu' },
    size: { type: 'string', default: '224' },
    pooling: { type: 'string', default: 'gap' },
  },
});
const dataset = values.dataset === 'oct' ? 'oct' : 'cxr';
const { tf } = await nodeRuntime();
const listing = await listDataset(values.data, dataset);
const pooling = values.pooling === 'none' ? 'none' : 'gap';
const table = await featuresFor(
  tf,
  {
    backbone: values.backbone,
    layer: values.layer,
    inputSize: Number(values.size),
    pooling,
  },
  listing.records,
);
process.stderr.write(
  `${table.rows.length} embedded (${table.report.computed} computed, ${table.report.reused} reused, ` +
    `${table.report.failed.length} unreadable) in ${table.report.seconds.toFixed(1)} s\n`,
);

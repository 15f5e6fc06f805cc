/**
 * Writes the committed per-tensor checksums (src/node/backbones/tensor-checksums.tsv) from verified backbone copies:
 * `npm run backbone-checksums -- [--from DIR]` (DIR/<id>/model.json, default ../shared/weights). Run it only when a
 * backbone is deliberately replaced; setup refuses any copy whose tensors differ from this table.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKBONES } from '../src/lib/model/core/backbone';
import { CHECKSUM_TABLE } from '../src/node/backbone-sources';
import { SHARED_WEIGHTS } from '../src/node/paths';
import { computeChecksums, formatChecksumRows } from '../src/node/weights-checksum';

const { values } = parseArgs({ options: { from: { type: 'string', default: SHARED_WEIGHTS } } });

const HEADER = [
  '# Per-tensor sha256 of the ImageNet backbones, written by `npm run backbone-checksums` from the verified copies',
  '# described in ../shared/weights/<id>/SOURCE.md. One row per weight tensor of model.json: backbone id, tensor name,',
  '# shape (comma-separated), dtype, sha256 of the tensor bytes as stored (little-endian, weight groups concatenated),',
  '# so a copy is checked whatever its sharding. Setup verifies every backbone against this table before using it.',
  'backbone\ttensor\tshape\tdtype\tsha256',
];

const rows: string[] = [];
for (const backbone of BACKBONES) {
  const { tensors, problems } = await computeChecksums(join(values.from, backbone.id));
  if (problems.length > 0) throw new Error(`${backbone.id}: ${problems.map((p) => p.message).join(' ')}`);
  rows.push(...formatChecksumRows(backbone.id, tensors));
  process.stdout.write(`${backbone.id}: ${tensors.length} tensors\n`);
}
await writeFile(CHECKSUM_TABLE, `${[...HEADER, ...rows].join('\n')}\n`);
process.stdout.write(`wrote ${CHECKSUM_TABLE}\n`);

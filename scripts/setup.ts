/**
 * Turns a fresh clone into a working site: copies the ImageNet backbones, a curated gallery of real TEST-split scans
 * (what widgets show and judge on) and a small set of TRAIN-split examples (what the in-page retraining starts from)
 * from ../shared into git-ignored folders (never committed: licences and size), with manifests carrying each
 * image's provenance. Without ../shared it says where the official files are and the site still runs
 * (gallery widgets then offer "use your own image"). `npm run setup -- [--shared DIR] [--per-class N] [--train-per-class N]`
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKBONES } from '../src/lib/model/core/backbone';
import { createRng, shuffleInPlace } from '../src/lib/model/core/rng';
import { listDataset, type ScanRecord } from '../src/node/dataset';
import { SHARED_ROOT, SITE_BACKBONES, SITE_SAMPLES } from '../src/node/paths';
import { TRAINING_GALLERY_DIR, type GalleryManifest, type GalleryScan } from '../src/lib/gallery';

const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: SHARED_ROOT },
    'per-class': { type: 'string', default: '8' },
    'train-per-class': { type: 'string', default: '10' },
  },
});
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function copyBackbones(weightsDir: string): Promise<number> {
  let copied = 0;
  for (const backbone of BACKBONES) {
    const from = join(weightsDir, backbone.id);
    if (!existsSync(join(from, 'model.json'))) {
      say(
        `! backbone ${backbone.id} not found in ${weightsDir}: get Google's tfjs-models MobileNet (${backbone.title}) ` +
          `in TF.js layers format and put model.json + shards in ${join(SITE_BACKBONES, backbone.id)}`,
      );
      continue;
    }
    const to = join(SITE_BACKBONES, backbone.id);
    await rm(to, { recursive: true, force: true });
    // The Teachable Machine export beside the v2 backbone has a leaf-disease head we never use.
    await cp(from, to, { recursive: true, filter: (src) => basename(src) !== 'tm_export' });
    copied++;
  }
  return copied;
}

/** Gallery groups: each task's classes, pneumonia split by subtype so both heads get 8 of each class. */
function galleryGroup(record: ScanRecord): string {
  return record.subtype ? `${record.label}/${record.subtype}` : record.label;
}

/** Copies up to `perClass` scans of one split per gallery group into `outDir` and writes its manifest. */
async function copyGallery(
  dataDir: string,
  split: 'train' | 'test',
  perClass: number,
  outDir: string,
): Promise<number> {
  const scans: GalleryScan[] = [];
  for (const dataset of ['cxr', 'oct'] as const) {
    const listing = await listDataset(dataDir, dataset);
    // One split only, deduplicated (the listing drops byte-identical copies), one image per patient.
    const rng = createRng(split === 'test' ? 2018 : 2019);
    const groups = new Map<string, ScanRecord[]>();
    for (const record of listing.records.filter((r) => r.split === split)) {
      const key = galleryGroup(record);
      groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    for (const [group, records] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const seen = new Set<string>();
      const picked = shuffleInPlace(
        [...records].sort((a, b) => a.relpath.localeCompare(b.relpath)),
        rng,
      )
        .filter((r) => !seen.has(r.patientId) && seen.add(r.patientId))
        .slice(0, perClass);
      for (const record of picked) {
        const file = `${dataset}/${basename(record.relpath)}`;
        await mkdir(join(outDir, dataset), { recursive: true });
        await copyFile(record.path, join(outDir, file));
        scans.push({
          id: basename(record.relpath).replace(/\.[a-z]+$/i, ''),
          file,
          dataset,
          label: record.label,
          subtype: record.subtype,
          patientId: record.patientId,
          split,
          group,
          sha256: record.sha256 ?? '',
          source: record.source,
          licence: 'CC BY 4.0',
          citation: 'Kermany et al. 2018, Cell 172(5):1122; data: Mendeley Data doi:10.17632/rscbjbr9sj.2',
        });
      }
    }
  }
  const manifest: GalleryManifest = { generated: new Date().toISOString(), scans };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return scans.length;
}

const weightsDir = join(values.shared, 'weights');
const dataDir = join(values.shared, 'data/kermany');
if (!existsSync(values.shared)) {
  say(
    `! ${values.shared} is absent. The site still runs; to get the real files:\n` +
      '  - Kermany data: Mendeley Data doi:10.17632/rscbjbr9sj (CC BY 4.0): unpack chest_xray/ and OCT2017/ and run\n' +
      '    `npm run setup -- --shared <dir>` with <dir>/data/kermany holding them, or train with --data.\n' +
      "  - Backbones: Google's tfjs-models MobileNet v1 0.25 (224) and MobileNetV2 0.35 (224, no top), TF.js layers\n" +
      `    format, into ${SITE_BACKBONES}/<id>/.`,
  );
} else {
  await mkdir(SITE_BACKBONES, { recursive: true });
  say(`backbones: ${await copyBackbones(weightsDir)} of ${BACKBONES.length} copied to ${SITE_BACKBONES}`);
  if (existsSync(dataDir)) {
    await rm(SITE_SAMPLES, { recursive: true, force: true });
    say(
      `gallery: ${await copyGallery(dataDir, 'test', Number(values['per-class']), SITE_SAMPLES)} test-split scans copied to ${SITE_SAMPLES}`,
    );
    const trainingDir = join(SITE_SAMPLES, TRAINING_GALLERY_DIR);
    say(
      `training examples: ${await copyGallery(dataDir, 'train', Number(values['train-per-class']), trainingDir)} train-split scans copied to ${trainingDir}`,
    );
  } else {
    say(`! no data in ${dataDir}: gallery widgets will offer "use your own image" instead.`);
  }
}
const heads = existsSync(join(SITE_BACKBONES, '..', 'heads')) ? await readdir(join(SITE_BACKBONES, '..', 'heads')) : [];
say(`heads (committed, trained by Lightbox): ${heads.join(', ') || 'none yet — run npm run train'}`);

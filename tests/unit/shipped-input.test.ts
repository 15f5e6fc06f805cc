/** The input the shipped heads expect, read from their meta.json (only that field), agreeing across heads. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { shippedInput } from '../../src/lib/shipped-input';
import { SITE_HEADS } from '../../src/node/paths';

test('is every shipped head input, read from the files', () => {
  const metas = readdirSync(SITE_HEADS).map((task) =>
    JSON.parse(readFileSync(join(SITE_HEADS, task, 'meta.json'), 'utf8')),
  );
  for (const meta of metas) expect(shippedInput()).toEqual(meta.input);
});

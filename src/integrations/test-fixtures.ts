/**
 * Test-only pages. Astro's file routing skips src/pages/_fixtures/ (a leading underscore); this integration routes
 * each page there, <name>.astro, at /fixtures/<name>/ when LIGHTBOX_FIXTURES=1 (set by `npm run test:e2e`), so
 * the end-to-end suite has them and the production site never does.
 */
import { readdirSync } from 'node:fs';
import type { AstroIntegration } from 'astro';

const FIXTURES_DIR = 'src/pages/_fixtures';

/** The fixture pages' routes: [/fixtures/<name>, entrypoint], sorted by name. */
function fixtureRoutes(root: URL): [string, string][] {
  return readdirSync(new URL(`${FIXTURES_DIR}/`, root))
    .filter((file) => file.endsWith('.astro'))
    .sort()
    .map((file) => [`/fixtures/${file.replace(/\.astro$/, '')}`, `./${FIXTURES_DIR}/${file}`]);
}

export function testFixtures(enabled = process.env.LIGHTBOX_FIXTURES === '1'): AstroIntegration {
  return {
    name: 'lightbox-test-fixtures',
    hooks: {
      'astro:config:setup': ({ config, injectRoute, logger }) => {
        if (!enabled) return;
        const routes = fixtureRoutes(config.root);
        for (const [pattern, entrypoint] of routes) injectRoute({ pattern, entrypoint, prerender: true });
        logger.info(`LIGHTBOX_FIXTURES=1: ${routes.length} test fixture page(s) under /fixtures/`);
      },
    },
  };
}

/**
 * The page's three files, built once per start and held in memory: index.html, style.css and app.js (the page's
 * TypeScript bundled by the esbuild the repository already uses for the connector). Nothing is fetched from the
 * network, so the page works offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const PAGE_DIR = join(__dirname, '..', 'page');

export interface PageAsset {
  contentType: string;
  body: Buffer;
}

export async function buildPageAssets(): Promise<Map<string, PageAsset>> {
  const bundle = await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return new Map([
    ['/', { contentType: 'text/html; charset=utf-8', body: readFileSync(join(PAGE_DIR, 'index.html')) }],
    ['/style.css', { contentType: 'text/css; charset=utf-8', body: readFileSync(join(PAGE_DIR, 'style.css')) }],
    ['/app.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.outputFiles[0].contents) }],
  ]);
}

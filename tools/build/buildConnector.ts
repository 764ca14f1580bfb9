/**
 * Builds the Apps Script connector (`npm run build:connector`): one esbuild IIFE bundle of connector/src/main.ts,
 * whose exports land on the `Connector` global, plus a footer of real top-level function declarations —
 * `function getData() { … }` — because Looker Studio calls entry points by name
 * (docs/reference-tooling.md#apps-script-bundle-shape, docs/reference-looker-studio.md#bundling-for-apps-script).
 * Output: dist/connector/Code.js and a copy of the root appsscript.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** The Looker Studio entry points every build must expose as top-level functions. */
export const ENTRY_POINTS = [
  'getAuthType',
  'getConfig',
  'getSchema',
  'getData',
  'isAdminUser',
  'isAuthValid',
  'setCredentials',
  'resetAuth',
] as const;

const ROOT = path.resolve(__dirname, '..', '..');
const GLOBAL_NAME = 'Connector';

/** Where a build put its artifacts. */
export interface ConnectorBuild {
  bundlePath: string;
  manifestPath: string;
  /** Source files that went into the bundle, relative to the repository root. */
  inputs: string[];
}

/** Bundles into `outDir` (default dist/connector); returns where the artifacts are. */
export async function buildConnector(outDir = path.join(ROOT, 'dist', 'connector')): Promise<ConnectorBuild> {
  const bundlePath = path.join(outDir, 'Code.js');
  const footer = ENTRY_POINTS.map((name) => `function ${name}() { return ${GLOBAL_NAME}.${name}.apply(this, arguments); }`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'connector', 'src', 'main.ts')],
    bundle: true,
    outfile: bundlePath,
    format: 'iife',
    globalName: GLOBAL_NAME,
    target: 'es2019',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    footer: { js: footer.join('\n') },
  });
  const manifestPath = path.join(outDir, 'appsscript.json');
  fs.copyFileSync(path.join(ROOT, 'appsscript.json'), manifestPath);
  return { bundlePath, manifestPath, inputs: Object.keys(result.metafile.inputs) };
}

const CONNECTOR_HELP = `Usage: npm run build:connector

Bundles connector/src into dist/connector/Code.js (one Apps Script file) and copies appsscript.json beside it.
  --help   show this text
`;

if (require.main === module && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(CONNECTOR_HELP);
} else if (require.main === module) {
  buildConnector().then(
    ({ bundlePath, manifestPath }) => {
      const size = fs.statSync(bundlePath).size;
      console.log(`Built ${path.relative(ROOT, bundlePath)} (${(size / 1024).toFixed(1)} KB) and ${path.relative(ROOT, manifestPath)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

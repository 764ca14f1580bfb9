/**
 * Builds the events package (events/package.json) into its dist/ folder: ESM (`index.mjs`) and CommonJS (`index.cjs`)
 * bundles of events/src with esbuild, and type declarations with the TypeScript compiler. The AWS SDK stays
 * external: the sinks load it only when they write (events/src/sdkClient.ts). `npm run events:pack` then packs
 * the tarball an app installs (docs/events.md#the-events-package).
 *
 * Usage: `tsx tools/build/buildEvents.ts [--outdir DIR]`
 */
import { build } from 'esbuild';
import path from 'node:path';
import ts from 'typescript';

export const EVENTS_DIR = path.resolve(__dirname, '..', '..', 'events');

/** One bundle of the package entry in `format`; node built-ins and the AWS SDK are left to the app. */
async function bundle(outfile: string, format: 'esm' | 'cjs'): Promise<void> {
  await build({
    entryPoints: [path.join(EVENTS_DIR, 'src', 'index.ts')],
    outfile,
    bundle: true,
    format,
    platform: 'node',
    target: 'node20',
    external: ['@aws-sdk/*'],
    keepNames: true,
    logLevel: 'warning',
  });
}

/** The declarations of events/tsconfig.json, written under `outdir/types`; throws with the compiler's messages. */
function emitDeclarations(outdir: string): void {
  const configFile = path.join(EVENTS_DIR, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { outDir: path.join(outdir, 'types') }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram(config.fileNames, config.options);
  const emitted = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (problems.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => EVENTS_DIR, getNewLine: () => '\n' };
    throw new Error(ts.formatDiagnostics(problems, host));
  }
}

/** Builds the package into `outdir` (default: the dist/ folder of the events package) and returns it. */
export async function buildEventsPackage(outdir = path.join(EVENTS_DIR, 'dist')): Promise<string> {
  await Promise.all([bundle(path.join(outdir, 'index.mjs'), 'esm'), bundle(path.join(outdir, 'index.cjs'), 'cjs')]);
  emitDeclarations(outdir);
  return outdir;
}

const HELP = `Usage: npm run build:events -- [--outdir DIR]

Builds the events package into its dist/ folder (ESM, CommonJS and type declarations).
npm run events:pack builds it and packs the tarball into dist/.
  --outdir DIR  where to build (default: the dist/ folder of the events package)
  --help        show this text
`;

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) process.stdout.write(HELP);
  else if (args.length > 0 && !(args.length === 2 && args[0] === '--outdir')) {
    console.error(`Unknown arguments: ${args.join(' ')} (see --help)`);
    process.exitCode = 2;
  } else {
    buildEventsPackage(args[1] && path.resolve(args[1])).then(
      (outdir) => console.log(`events package built in ${path.relative(process.cwd(), outdir) || '.'}`),
      (error: Error) => {
        console.error(error.message);
        process.exitCode = 1;
      },
    );
  }
}

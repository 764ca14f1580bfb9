/**
 * Bundles the Lambda entry (proxy/src/lambda.ts) into build/lambda/index.js with esbuild: one minified CommonJS
 * file for Node 22 with the AWS SDK inside (a bundled, pinned SDK starts faster than the runtime's, reference
 * athena-proxy.md §3.5) and a source map for readable stack traces (`NODE_OPTIONS=--enable-source-maps`).
 *
 * The Lambda serves Athena only. The DuckDB engine and its 70 MB native module must never reach the bundle, so
 * `@duckdb/node-api` is external *and* the build fails if anything in the bundle imports it or the DuckDB engine.
 *
 * Usage: `tsx scripts/buildLambda.ts [--entry FILE] [--outdir DIR]`
 */
import { build, type Metafile } from 'esbuild';
import path from 'node:path';

export interface BuildLambdaOptions {
  entry?: string;
  outdir?: string;
}

export interface BuildLambdaResult {
  outfile: string;
  bytes: number;
}

const ROOT = path.resolve(__dirname, '..');
const DUCKDB_MODULE = '@duckdb/node-api';

/** Paths in the bundle that belong to the embedded engine; must be empty for a Lambda bundle. */
export function findDuckDbImports(metafile: Metafile): string[] {
  const inputs = Object.keys(metafile.inputs).filter((file) => /engines[\\/]duckdb[\\/]/.test(file));
  const externals = Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imported) => imported.path === DUCKDB_MODULE || imported.path.startsWith(`${DUCKDB_MODULE}/`))
    .map((imported) => imported.path);
  return [...new Set([...inputs, ...externals])];
}

/** Builds the bundle; rejects when the entry pulls in the DuckDB engine. */
export async function buildLambda(options: BuildLambdaOptions = {}): Promise<BuildLambdaResult> {
  const entry = path.resolve(options.entry ?? path.join(ROOT, 'proxy/src/lambda.ts'));
  const outdir = path.resolve(options.outdir ?? path.join(ROOT, 'build/lambda'));
  const outfile = path.join(outdir, 'index.js');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // ES module builds of the SDK tree-shake better than its CommonJS ones.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    external: [DUCKDB_MODULE],
    metafile: true,
    logLevel: 'warning',
  });
  const offending = findDuckDbImports(result.metafile);
  if (offending.length > 0) {
    throw new Error(`The Lambda bundle must not include the DuckDB engine, but it imports: ${offending.join(', ')}`);
  }
  const output = result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs)[0];
  return { outfile, bytes: output.bytes };
}

function readFlag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  buildLambda({ entry: readFlag(args, '--entry'), outdir: readFlag(args, '--outdir') }).then(
    ({ outfile, bytes }) => console.log(`Built ${path.relative(process.cwd(), outfile)} (${(bytes / 1024).toFixed(0)} KB)`),
    (err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}

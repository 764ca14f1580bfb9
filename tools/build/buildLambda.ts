/**
 * Bundles the Lambda entry (proxy/src/lambda.ts) into build/lambda/index.js with esbuild: one minified CommonJS
 * file for Node 22 with the AWS SDK inside (a bundled, pinned SDK starts faster than the runtime's,
 * docs/reference-athena.md#lambda-bundling-and-cold-starts) and a source map for readable stack traces
 * (`NODE_OPTIONS=--enable-source-maps`).
 *
 * The Lambda runs the engine `PROXY_ENGINE` names (default athena). DuckDB's 70 MB native module never reaches
 * the bundle: `@duckdb/node-api` is external, and the engine registry imports each engine lazily, so the bundle
 * loads and serves Athena without it (a deployment that sets PROXY_ENGINE=duckdb adds the module in a layer).
 * The build fails if anything loads the native module eagerly, i.e. at the top level of the bundle.
 *
 * Usage: `tsx tools/build/buildLambda.ts [--entry FILE] [--outdir DIR]`
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

const ROOT = path.resolve(__dirname, '..', '..');
const DUCKDB_MODULE = '@duckdb/node-api';

/**
 * Bundle inputs that import the DuckDB native module statically, other than through the lazily imported engine
 * folder; must be empty for a Lambda bundle.
 */
export function findEagerDuckDbImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs)
    .filter(([file]) => !/proxy[\\/]src[\\/]engines[\\/]duckdb[\\/]/.test(file))
    .filter(([, input]) => input.imports.some((i) => i.path === DUCKDB_MODULE || i.path.startsWith(`${DUCKDB_MODULE}/`)))
    .map(([file]) => file);
}

/** Builds the bundle; rejects when something outside the DuckDB engine imports its native module. */
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
    // Names kept: a logged error cause reads `QueryFailedError`, not a minified `bs`.
    keepNames: true,
    sourcemap: true,
    external: [DUCKDB_MODULE],
    metafile: true,
    logLevel: 'warning',
  });
  const offending = findEagerDuckDbImports(result.metafile);
  if (offending.length > 0) {
    throw new Error(`The Lambda bundle must not load DuckDB's native module eagerly, but these import it: ${offending.join(', ')}`);
  }
  const output = result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs)[0];
  return { outfile, bytes: output.bytes };
}

function readFlag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

const LAMBDA_HELP = `Usage: npm run build:lambda -- [--entry FILE] [--outdir DIR]

Bundles the Lambda entry into build/lambda/index.js with esbuild.
  --entry FILE   entry module (default proxy/src/lambda.ts)
  --outdir DIR   output folder (default build/lambda)
  --help         show this text
`;

if (require.main === module && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(LAMBDA_HELP);
} else if (require.main === module) {
  const args = process.argv.slice(2);
  buildLambda({ entry: readFlag(args, '--entry'), outdir: readFlag(args, '--outdir') }).then(
    ({ outfile, bytes }) => console.log(`Built ${path.relative(process.cwd(), outfile)} (${(bytes / 1024).toFixed(0)} KB)`),
    (err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}

/** tools/build/buildLambda.ts: a loadable Node bundle with the SDK inside, and DuckDB's native module never eager. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLambda } from '../../../tools/build/buildLambda';

describe('buildLambda', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'build-lambda-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles the Lambda entry with the AWS SDK inside into one loadable file exporting handler', async () => {
    // A temporary entry that uses the Athena engine like the real one, so the test does not depend on the lead's file.
    const entry = path.join(dir, 'entry.ts');
    const engine = path.resolve(__dirname, '../../../proxy/src/engines/athena');
    writeFileSync(entry, `import { createAwsClients } from ${JSON.stringify(engine)};\nexport const handler = async () => Object.keys(createAwsClients({ region: 'us-east-1' }));\n`);
    const outdir = path.join(dir, 'out');
    const { outfile, bytes } = await buildLambda({ entry, outdir });
    expect(outfile).toBe(path.join(outdir, 'index.js'));
    expect(bytes).toBeGreaterThan(50_000);
    expect(existsSync(`${outfile}.map`)).toBe(true);
    const code = readFileSync(outfile, 'utf8');
    // Only the optional CRT signer (guarded by try/catch in the SDK) may stay a runtime require.
    expect(code).not.toMatch(/require\("@aws-sdk\/(client-|core)|require\("@smithy\//);
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(outfile)}).handler().then((k) => console.log(k.join()))`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: '' },
    });
    expect(run.stdout.trim()).toBe('athena,glue,s3');
  });

  it('bundles the real Lambda entry so that it loads without DuckDB\'s native module', async () => {
    const { outfile } = await buildLambda({ outdir: path.join(dir, 'real') });
    const code = readFileSync(outfile, 'utf8');
    // The native module stays external (required only when PROXY_ENGINE=duckdb) and the bundle loads in a folder
    // that does not have it.
    expect(code).not.toContain('duckdb_node_bindings');
    const run = spawnSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(outfile)}).handler)`], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('function');
  });

  it('keeps class names in the minified bundle, so a logged cause names the error class', async () => {
    const { outfile } = await buildLambda({ outdir: path.join(dir, 'names') });
    const probe = `const m = require(${JSON.stringify(outfile)}); console.log(typeof m.handler);`;
    const code = readFileSync(outfile, 'utf8');
    expect(code).toMatch(/["']QueryFailedError["']/);
    expect(code).toMatch(/["']ForbiddenError["']/);
    expect(spawnSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8' }).stdout.trim()).toBe('function');
  });

  it('refuses an entry that pulls in DuckDB', async () => {
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, `import { DuckDBInstance } from '@duckdb/node-api';\nexport const handler = () => DuckDBInstance;\n`);
    await expect(buildLambda({ entry, outdir: path.join(dir, 'out') })).rejects.toThrow(/must not load DuckDB's native module eagerly.*entry\.ts/);
  });
});

/**
 * The events package as an app outside this repository meets it: packed with npm, installed into a fresh
 * `npm init -y` folder with no dev dependencies, used from ESM, CommonJS and TypeScript, and tracking to a local
 * folder and (with the app's own SDK client) to S3 on moto_server.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { buildEventsPackage, EVENTS_DIR } from '../../../tools/build/buildEvents';
import { motoAvailable, startMoto } from '../../../testing/motoServer';

const run = promisify(execFile);
const REPO_MODULES = path.resolve(EVENTS_DIR, '..', 'node_modules');
const PACKAGE = '@athena-looker-proxy/events';
const EVENT = `{ type: 'app-log', version: '1.0.0', logtype: 'INFO', timestamp: '2026-12-06 10:00', message: 'hi' }`;

let app: string;
beforeAll(async () => {
  app = mkdtempSync(path.join(os.tmpdir(), 'events-app-'));
  await buildEventsPackage();
  const { stdout } = await run('npm', ['pack', EVENTS_DIR, '--pack-destination', app, '--silent']);
  const tarball = path.join(app, stdout.trim().split('\n').at(-1)!);
  await run('npm', ['init', '-y'], { cwd: app });
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
}, 120_000);
afterAll(() => rmSync(app, { recursive: true, force: true }));

function lakeLines(lake: string): string[] {
  const files = readdirSync(lake, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  return files.flatMap((f) => readFileSync(path.join(f.parentPath, f.name), 'utf8').split('\n').filter(Boolean));
}

describe('the events package in a fresh app', () => {
  it('installs with no dependencies of its own', () => {
    expect(readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['@athena-looker-proxy']);
  });

  it('tracks to a local folder from a five-line ESM script', async () => {
    const script = [
      `import { createTracker, localSink } from '${PACKAGE}';`,
      `const track = createTracker({ sink: localSink('./lake') });`,
      `const result = await track([${EVENT}, { type: 'app-log', version: '1.0.0' }]);`,
      `console.log(JSON.stringify(result));`,
    ].join('\n');
    writeFileSync(path.join(app, 'track.mjs'), script);
    const { stdout } = await run('node', ['track.mjs'], { cwd: app });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ accepted: 1, rejected: [{ index: 1, field: 'logtype' }] });
    const [line] = lakeLines(path.join(app, 'lake', 'app-log-1.0.0'));
    expect(JSON.parse(line)).toMatchObject({ type: 'app-log', logtype: 'INFO', timestamp: '2026-12-06T10:00:00.000Z' });
  });

  it('loads from CommonJS and ships the JSON Schemas', async () => {
    const script = `const e = require('${PACKAGE}'); const s = require('${PACKAGE}/json-schemas/app-log-1.0.0.schema.json');
console.log(JSON.stringify({ types: e.EVENT_SCHEMAS.map((x) => x.type), dialect: s.$schema, same: JSON.stringify(e.toJsonSchema(e.EVENT_SCHEMAS.find((x) => x.type === 'app-log'))) === JSON.stringify(s) }));`;
    writeFileSync(path.join(app, 'check.cjs'), script);
    const out = JSON.parse((await run('node', ['check.cjs'], { cwd: app })).stdout);
    expect(out).toEqual({
      types: expect.arrayContaining(['app-log', 'food-pickup']),
      dialect: 'https://json-schema.org/draft/2020-12/schema',
      same: true,
    });
  });

  it('has types: a correct TypeScript use compiles, a wrong one does not', () => {
    const diagnosticsOf = (source: string) => {
      const file = path.join(app, 'use.mts');
      writeFileSync(file, source);
      const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, types: [] };
      return ts.getPreEmitDiagnostics(ts.createProgram([file], options)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    };
    const good = `import { createTracker, localSink, type TrackResult } from '${PACKAGE}';
const result: Promise<TrackResult> = createTracker({ sink: localSink('./lake') })([]);
export default result;`;
    expect(diagnosticsOf(good)).toEqual([]);
    expect(diagnosticsOf(`import { createTracker } from '${PACKAGE}';\ncreateTracker({ sink: 42 });`)).not.toEqual([]);
  });

  (motoAvailable ? it : it.skip)('tracks to S3 through the S3Client the app gives it', async () => {
    const moto = await startMoto();
    try {
      mkdirSync(path.join(app, 'node_modules', '@aws-sdk'), { recursive: true });
      symlinkSync(path.join(REPO_MODULES, '@aws-sdk', 'client-s3'), path.join(app, 'node_modules', '@aws-sdk', 'client-s3'));
      const script = `import { S3Client, CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createTracker, s3Sink } from '${PACKAGE}';
const s3 = new S3Client({ endpoint: process.argv[2], region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
const result = await createTracker({ sink: s3Sink(s3, 'lake', 'events/') })([${EVENT}]);
const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'lake' }))).Contents.map((o) => o.Key);
console.log(JSON.stringify({ result, keys }));`;
      writeFileSync(path.join(app, 's3.mjs'), script);
      const out = JSON.parse((await run('node', ['s3.mjs', moto.endpoint], { cwd: app })).stdout);
      expect(out.result).toMatchObject({ accepted: 1, rejected: [] });
      expect(out.keys).toEqual([expect.stringMatching(/^events\/app-log-1\.0\.0\/dt=2026-12-06\//)]);
    } finally {
      await moto.stop();
    }
  }, 60_000);
});

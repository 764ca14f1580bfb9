/**
 * `npm run call` as a user runs it: the body alone on stdout (pipes to jq), the status on stderr, a refused
 * connection named with its URL, bad input refused before anything is sent, and keyless signing through the
 * local issuer and the proxy's STS endpoint.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCallArgs } from '../../tools/call';
import { startLocalIssuer, type LocalIssuer } from '../../tools/localIdentity/localIssuer';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { startLocalServer } from '../../proxy/src/local';

type LocalServer = Awaited<ReturnType<typeof startLocalServer>>;
import { generateSampleLake } from '../../tools/sampleLake/sampleData';
import { freePort, runTool } from './cliSupport/runTool';

const SIGN_ENV = {
  PROXY_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  PROXY_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
};

describe('parseCallArgs', () => {
  it('takes --verbose as a flag, not as the body', () => {
    expect(parseCallArgs(['GET', '/v1/catalog', '--verbose'], {})).toMatchObject({
      method: 'GET',
      body: undefined,
      verbose: true,
    });
  });

  it.each([
    [['GET', '/v1/catalog', '--proxy'], /--proxy needs a value/],
    [['FOO', '/v1/catalog'], /Unknown method FOO; one of GET, POST, DELETE/],
    [['GET', 'v1/catalog'], /PATH must start with \//],
    [['GET', '/v1/catalog', '--port', '1'], /Unknown option --port/],
    [['GET', '/v1/catalog', '--proxy', 'localhost:1'], /--proxy must be an http\(s\) URL/],
  ])('refuses %j clearly', (argv, message) => {
    expect(() => parseCallArgs(argv, {})).toThrow(message);
  });

  it('names a broken request file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'call-'));
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"table": ');
    expect(() => parseCallArgs(['POST', '/v1/queries', `@${file}`], {})).toThrow(
      new RegExp(`request file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`),
    );
    expect(() => parseCallArgs(['POST', '/v1/queries', `@${dir}/missing.json`], {})).toThrow(
      /cannot read request file .*missing\.json/,
    );
  });
});

describe('npm run call against a real proxy', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startTestProxy({ rows: 500, days: 3 });
  }, 60_000);
  afterAll(() => proxy.stop());

  it('prints the body alone on stdout and the status on stderr', async () => {
    const run = await runTool('tools/call.ts', ['GET', '/v1/catalog', '--proxy', proxy.url], { env: SIGN_ENV });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('HTTP 200');
    const body = JSON.parse(run.stdout) as { databases?: unknown };
    expect(body).toEqual(expect.any(Object));
    expect(run.stdout).not.toContain('HTTP');
  }, 30_000);

  it('names a refused connection with its URL and a hint', async () => {
    const port = await freePort();
    const run = await runTool('tools/call.ts', ['GET', '/v1/catalog', '--proxy', `http://127.0.0.1:${port}`], {
      env: SIGN_ENV,
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cannot reach the proxy at http://127.0.0.1:${port}: connection refused`);
    expect(run.stderr).toContain('npm start');
  }, 30_000);
});

describe('npm run call --identity (keyless viewer)', () => {
  let issuer: LocalIssuer;
  let server: LocalServer;
  beforeAll(async () => {
    const lakeDir = mkdtempSync(path.join(tmpdir(), 'call-lake-'));
    await generateSampleLake({ out: lakeDir, rows: 200, days: 2 });
    issuer = await startLocalIssuer({ audience: 'local-client.apps.example.test' });
    server = await startLocalServer({
      lakeDir,
      port: 0,
      region: 'us-east-1',
      identity: { issuer: issuer.issuer, audience: 'local-client.apps.example.test' },
      log: () => undefined,
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  it('signs with credentials STS issued for the minted ID token', async () => {
    const run = await runTool('tools/call.ts', [
      'GET',
      '/v1/catalog',
      '--proxy',
      server.url,
      '--identity',
      'viewer@example.com',
      '--issuer',
      issuer.issuer,
    ]);
    expect(run.stderr).toContain('HTTP 200');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expect.any(Object));
  }, 30_000);

  it('without --identity the keyless-only server refuses the call (so the flag is what signs)', async () => {
    const run = await runTool('tools/call.ts', ['GET', '/v1/catalog', '--proxy', server.url], { env: SIGN_ENV });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 40[13]/);
  }, 30_000);
});

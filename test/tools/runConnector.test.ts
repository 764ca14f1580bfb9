import { parseRunnerArgs, resolveSignIn, type RunnerArgs } from '../../tools/runConnector';
import { freePort, runTool } from './cliSupport/runTool';

const base: RunnerArgs = { fn: 'getData', bundle: 'dist/connector/Code.js' };

describe('parseRunnerArgs', () => {
  it('reads the function, the request file and the options', () => {
    expect(
      parseRunnerArgs(['getData', 'req.json', '--proxy', 'http://127.0.0.1:9000', '--key-id', 'AKID', '--secret', 's']),
    ).toMatchObject({
      fn: 'getData',
      requestFile: 'req.json',
      proxy: 'http://127.0.0.1:9000',
      keyId: 'AKID',
      secret: 's',
    });
  });

  it('asks for help when told to or when no function is given', () => {
    expect(parseRunnerArgs(['--help'])).toBe('help');
    expect(parseRunnerArgs([])).toBe('help');
  });

  it.each([[['getRows']], [['getData', '--port', '1']], [['getData', '--proxy']], [['getData', 'a.json', 'b.json']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseRunnerArgs(argv)).toThrow();
    },
  );
});

describe('resolveSignIn', () => {
  const devFile = JSON.stringify({ accessKeyId: 'LOCALDEVKEY', secretAccessKey: 'dev-secret', region: 'eu-west-1' });

  it('prefers flags, then env, then the dev key file', () => {
    expect(
      resolveSignIn(
        { ...base, keyId: 'FLAGKEY', secret: 'flag' },
        { PROXY_ACCESS_KEY_ID: 'ENVKEY', PROXY_SECRET_ACCESS_KEY: 'env' },
        () => devFile,
      ),
    ).toMatchObject({
      username: 'FLAGKEY',
      password: 'flag',
    });
    expect(
      resolveSignIn(
        base,
        { PROXY_ACCESS_KEY_ID: 'ENVKEY', PROXY_SECRET_ACCESS_KEY: 'env', PROXY_SESSION_TOKEN: 'tok' },
        () => undefined,
      ),
    ).toMatchObject({
      username: 'ENVKEY',
      password: 'env|tok',
    });
    expect(resolveSignIn(base, {}, () => devFile)).toMatchObject({ username: 'LOCALDEVKEY', password: 'dev-secret' });
  });

  it('adds a #region hint for a non-default region on a non-execute-api URL only', () => {
    expect(resolveSignIn(base, {}, () => devFile).path).toBe('http://127.0.0.1:8787#region=eu-west-1');
    const remote = { ...base, proxy: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod' };
    expect(resolveSignIn(remote, {}, () => devFile).path).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
    expect(resolveSignIn(base, { AWS_REGION: 'us-east-1' }, () => devFile).path).toBe('http://127.0.0.1:8787');
  });

  it('explains what to do when there are no credentials', () => {
    expect(() => resolveSignIn(base, {}, () => undefined)).toThrow(/PROXY_ACCESS_KEY_ID/);
  });
});

describe('npm run connector with no server', () => {
  it('says connection refused with the URL, not INVALID_CREDENTIALS', async () => {
    const port = await freePort();
    const run = await runTool('tools/runConnector.ts', [
      'getData',
      'examples/getData.json',
      '--proxy',
      `http://127.0.0.1:${port}`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot reach the proxy at http://127.0.0.1:${port}: connection refused`);
    expect(run.stderr).not.toContain('INVALID_CREDENTIALS');
  }, 30_000);
});

describe('parseRunnerArgs --identity', () => {
  it('reads the viewer and the issuer', () => {
    expect(
      parseRunnerArgs(['getData', '--identity', 'viewer@example.com', '--issuer', 'http://127.0.0.1:9']),
    ).toMatchObject({ identity: 'viewer@example.com', issuer: 'http://127.0.0.1:9' });
    expect(() => parseRunnerArgs(['getData', '--identity', '--proxy', 'x'])).toThrow('--identity needs a value');
  });
});

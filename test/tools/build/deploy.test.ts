/** tools/build/deploy.sh, run against stub `aws` / `sam` executables that record their arguments. */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('tools/build/deploy.sh', () => {
  let root: string;
  let bin: string;
  let log: string;

  function stub(name: string): void {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n`);
    chmodSync(file, 0o755);
  }

  function deploy(args: string[], env: Record<string, string> = {}) {
    return spawnSync('bash', [path.join(root, 'tools/build/deploy.sh'), ...args], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root, ...env },
    });
  }

  const calls = () => readFileSync(log, 'utf8').trim().split('\n');

  beforeEach(() => {
    // A throw-away copy of the repository layout the script expects, with an already built bundle.
    root = mkdtempSync(path.join(os.tmpdir(), 'deploy-'));
    bin = path.join(root, 'bin');
    log = path.join(root, 'calls.log');
    for (const dir of ['bin', 'tools/build', 'build/lambda', 'infra']) mkdirSync(path.join(root, dir), { recursive: true });
    copyFileSync(path.join(__dirname, '../../../tools/build/deploy.sh'), path.join(root, 'tools/build/deploy.sh'));
    writeFileSync(path.join(root, 'build/lambda/index.js'), 'exports.handler = async () => ({});\n');
    writeFileSync(log, '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('explains itself with --help', () => {
    const run = deploy(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run deploy/);
    expect(run.stdout).toContain('--artifact-bucket');
  });

  it('packages and deploys with the aws CLI when sam is absent, passing parameters through', () => {
    stub('aws');
    const run = deploy(['--skip-build', '--artifact-bucket', 'my-artifacts', '--region', 'eu-west-1', 'DatabaseName=analytics', 'DataBucketName=my-lake'], {
      STACK_NAME: 'proxy-test',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(calls()).toEqual([
      'aws cloudformation package --template-file infra/template.yaml --s3-bucket my-artifacts --output-template-file build/packaged.yaml --region eu-west-1',
      'aws cloudformation deploy --template-file build/packaged.yaml --stack-name proxy-test --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset --region eu-west-1 --parameter-overrides DatabaseName=analytics DataBucketName=my-lake',
      "aws cloudformation describe-stacks --stack-name proxy-test --region eu-west-1 --query Stacks[0].Outputs[].[OutputKey,OutputValue] --output text",
    ]);
  });

  it('uses sam deploy --guided when sam is installed', () => {
    stub('sam');
    const run = deploy(['--skip-build'], { PARAMETER_OVERRIDES: 'DatabaseName=web DataBucketName=b' });
    expect(run.status).toBe(0);
    expect(calls()).toEqual([
      'sam deploy --guided --template-file infra/template.yaml --stack-name looker-athena-proxy --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides DatabaseName=web DataBucketName=b',
    ]);
  });

  it('asks for an artifact bucket instead of guessing one', () => {
    stub('aws');
    const run = deploy(['--skip-build', '--no-sam']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--artifact-bucket');
    expect(readFileSync(log, 'utf8')).toBe('');
  });

  it('rejects unknown arguments', () => {
    const run = deploy(['--frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown argument: --frobnicate');
  });
});

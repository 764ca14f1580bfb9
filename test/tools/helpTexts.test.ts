/**
 * `--help` of every command-line tool only prints its usage: exit code 0, nothing written, no server left running
 * (each run must end by itself within the timeout), and every tracked file unchanged.
 */
import { execFileSync } from 'node:child_process';
import { REPO, runTool } from './cliSupport/runTool';

const TOOLS = [
  'tools/call.ts',
  'tools/runConnector.ts',
  'tools/track/track.ts',
  'tools/localProxy/start.ts',
  'tools/localIdentity/cli.ts',
  'tools/sampleLake/sampleData.ts',
  'tools/glueTables/templateTables.ts',
  'tools/contract/recordGolden.ts',
  'tools/build/buildConnector.ts',
  'tools/build/buildLambda.ts',
  'tools/build/push.ts',
  'tools/build/buildEvents.ts',
  'tools/eventSchemas/writeSchemas.ts',
  'tools/fuzz/cli.ts',
  'tools/load/cli.ts',
  'tools/load/soakCli.ts',
  'bench/run.ts',
  'bench/ingest.ts',
  'bench/cost.ts',
];

const trackedChanges = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO }).toString();

describe('--help never runs anything', () => {
  const before = trackedChanges();

  it.each(TOOLS)(
    '%s --help prints its usage and ends',
    async (tool) => {
      const run = await runTool(tool, ['--help'], { timeoutMs: 20_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: (npm run|npm start|npx tsx)/);
      expect(trackedChanges()).toBe(before);
    },
    30_000,
  );
});

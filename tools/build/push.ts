/**
 * `npm run push`: pushes dist/connector with a pinned clasp (docs/connector.md). Checks first what clasp would
 * only report as `No credentials found.`: a clasp login (~/.clasprc.json) and a script id in .clasp.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const CLASP = ['exec', '--yes', '--package=@google/clasp@3.4.1', '--', 'clasp'];
const ROOT = path.resolve(__dirname, '..', '..');

const HELP = `Usage: npm run push

Builds the connector and pushes dist/connector to the Apps Script project named in .clasp.json, with
@google/clasp@3.4.1 run through npm exec. Needs a clasp login and a script id (docs/connector.md).
  --help   show this text
`;

/** What stands between this machine and a push, as instructions; empty when ready. */
export function pushProblems(home: string, claspJsonPath: string): string[] {
  const problems: string[] = [];
  if (!existsSync(path.join(home, '.clasprc.json')))
    problems.push(`No clasp login: run  npm exec --yes --package=@google/clasp@3.4.1 -- clasp login  (once).`);
  const scriptId = existsSync(claspJsonPath)
    ? (JSON.parse(readFileSync(claspJsonPath, 'utf8')) as { scriptId?: string }).scriptId
    : undefined;
  if (!scriptId || scriptId.startsWith('REPLACE_WITH'))
    problems.push(
      `No script id: create an Apps Script project and put its id in ${claspJsonPath} (docs/connector.md, step 2).`,
    );
  return problems;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) process.stdout.write(HELP);
  else {
    const problems = pushProblems(process.env.HOME ?? homedir(), path.join(ROOT, '.clasp.json'));
    if (problems.length > 0) {
      console.error(`npm run push cannot push yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      process.exitCode = 1;
    } else {
      process.exitCode = spawnSync('npm', [...CLASP, 'push', ...argv], { stdio: 'inherit', cwd: ROOT }).status ?? 1;
    }
  }
}

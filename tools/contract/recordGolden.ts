/**
 * Re-records the golden contract fixtures (test/contract/*.json) from a live local proxy over the contract lake:
 * every fixture keeps its description and request; its response becomes what the proxy answers now. Run it after a
 * deliberate wire change (`npm run golden:record`), then read the diff: it is the wire change.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiPath } from '../../protocol/routes';
import { CONTRACT_LAKE, CONTRACT_SETTINGS } from './contractLake';
import { startTestProxy, TEST_CREDENTIALS } from '../localProxy/testProxy';
import { signedFetch } from '../signing/signedFetch';

const DIR = path.resolve(__dirname, '..', '..', 'test', 'contract');

interface Fixture {
  description: string;
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; body: unknown };
}

async function main(): Promise<void> {
  const proxy = await startTestProxy({
    rows: CONTRACT_LAKE.rows,
    days: CONTRACT_LAKE.days,
    settings: CONTRACT_SETTINGS,
  });
  const send = (request: Fixture['request']) =>
    signedFetch(proxy.url, TEST_CREDENTIALS, {
      ...request,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  try {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    const fixtures = new Map(files.map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Fixture]));
    let first: { queryId: string; cursors: string[] } | undefined;
    for (const name of ['query-succeeded.json', ...files.filter((f) => f !== 'query-succeeded.json')]) {
      const fixture = fixtures.get(name);
      if (!fixture || name === 'query-pending.json' || name === 'query-cancel.json') continue;
      let request = fixture.request;
      if (name === 'query-page.json' && first) {
        request = { ...request, path: apiPath.query(first.queryId), query: { cursor: first.cursors[0] } };
      }
      const res = await send(request);
      if (name === 'query-succeeded.json') first = res.json as { queryId: string; cursors: string[] };
      fixture.request = request;
      fixture.response = { status: res.status, body: res.json };
      writeFileSync(path.join(DIR, name), `${JSON.stringify(fixture, null, 2)}\n`);
      console.log(`recorded ${name} (${res.status})`);
    }
  } finally {
    await proxy.stop();
  }
}

const HELP = `Usage: npm run golden:record

Starts a local proxy over the contract lake and re-records the responses of the golden fixtures in test/contract
(each keeps its description and request). Run it after a deliberate wire change, then read the diff.
  --help   show this text
`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) process.stdout.write(HELP);
else if (argv.length > 0) {
  console.error(`Unknown arguments: ${argv.join(' ')} (see --help)`);
  process.exitCode = 2;
} else {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}

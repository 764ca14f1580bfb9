/**
 * `npm run track -- <example> [--count N] [--proxy URL | --lake DIR]`: sends example events through the signed
 * `POST /v1/events` of a running proxy (default http://127.0.0.1:8787, the dev credentials of `npm start`), or
 * writes them straight into a lake folder with the producer library's local sink.
 */
import { resolve } from 'node:path';
import { createTracker } from '../../events/src';
import { localLakeSink } from '../../proxy/src/local';
import { loadDevCredentials } from '../localProxy/devCredentials';
import { EXAMPLE_TYPES, exampleEvents } from './exampleEvents';
import { signedPost } from './signedPost';
import { describeUnreachable } from '../cliSupport/unreachable';

const USAGE = `Usage: npm run track -- <example|all> [--count N] [--proxy URL | --lake DIR]

Examples: any event type declared in events/schemas, made valid from its declaration
  (now: ${EXAMPLE_TYPES.join(', ')}); all = every one
  --count N     events per example (default 10, at most 500 per request)
  --proxy URL   POST /v1/events to this proxy (default http://127.0.0.1:8787)
  --lake DIR    write into this lake folder instead (no server needed)
`;

interface TrackArgs {
  examples: string[];
  count: number;
  proxy: string;
  lake?: string;
}

export function parseTrackArgs(argv: readonly string[]): TrackArgs | 'help' {
  const args: TrackArgs = { examples: [], count: 10, proxy: 'http://127.0.0.1:8787' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (!flag.startsWith('--')) {
      args.examples.push(...(flag === 'all' ? EXAMPLE_TYPES : [flag]));
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value (see --help)`);
    if (flag === '--count' && /^\d+$/.test(value) && +value >= 1 && +value <= 500) args.count = +value;
    else if (flag === '--proxy') args.proxy = value;
    else if (flag === '--lake') args.lake = value;
    else throw new Error(`Bad option ${flag} ${value} (see --help)`);
  }
  if (args.examples.length === 0) return 'help';
  return args;
}

async function main(): Promise<number> {
  const args = parseTrackArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let failed = false;
  for (const example of args.examples) {
    const events = exampleEvents(example, args.count, Date.now());
    if (args.lake) {
      const result = await createTracker({ sink: localLakeSink(resolve(args.lake)) })(events);
      console.log(`${example}: ${JSON.stringify(result)} -> ${resolve(args.lake)}`);
      failed ||= result.rejected.length > 0;
      continue;
    }
    const answer = await signedPost(
      args.proxy,
      '/v1/events',
      JSON.stringify({ events }),
      loadDevCredentials(process.env),
    ).catch((err: unknown) => {
      throw new Error(describeUnreachable(err, args.proxy) ?? (err as Error).message, { cause: err });
    });
    console.log(`${example}: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
    failed ||= answer.status !== 200 || answer.json.rejected?.length > 0;
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`track failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

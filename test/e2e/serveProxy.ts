/**
 * Child-process entry that serves the local proxy for the end-to-end tests. It runs in its own process because
 * the Apps Script harness's UrlFetchApp is synchronous and blocks the test's thread. Options come as JSON in
 * argv[2]; it prints `READY <url>` once listening and shuts down when its stdin closes (so it never outlives jest).
 */
import { startLocalServer, type LocalServerOptions } from '../../proxy/src/local/localServer';

async function serve(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LocalServerOptions;
  const verbose = process.env.E2E_PROXY_LOG === '1';
  const server = await startLocalServer({
    ...options,
    port: 0,
    log: (line) => {
      if (verbose) process.stderr.write(`${JSON.stringify(line)}\n`);
    },
  });
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.stdout.write(`READY ${server.url}\n`);
}

serve().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

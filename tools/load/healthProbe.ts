/**
 * Child-process entry for the soak's health probe: a signed GET /v1/health every 50 ms, timed in a process of its
 * own so the load generator's busy event loop (parsing megabytes of answers) is not counted as server latency.
 * argv[2] is JSON `{ url, credentials }`; when stdin closes it prints `HEALTH <json>` and exits.
 */
import { signedFetch, type TestCredentials } from '../signing/signedFetch';

async function probe(): Promise<void> {
  const { url, credentials } = JSON.parse(process.argv[2] ?? '{}') as { url: string; credentials: TestCredentials };
  const times: number[] = [];
  let failures = 0;
  let running = true;
  process.stdin.on('end', () => {
    running = false;
  });
  process.stdin.resume();
  while (running) {
    const t0 = performance.now();
    const res = await signedFetch(url, credentials, { method: 'GET', path: '/v1/health' }).catch(() => undefined);
    times.push(performance.now() - t0);
    if (res?.status !== 200) failures++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`HEALTH ${JSON.stringify({ times, failures })}\n`, () => process.exit(0));
}

void probe();

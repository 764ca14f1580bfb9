/**
 * Application logs: messages with quotes, commas, backslashes, newlines and non-ASCII text, plus NULL and missing
 * fields, so every quoting and NULL-vs-empty path of the pipeline gets exercised by the sample lake.
 */
import { appLogV1 } from '../../events/schemas';
import type { Random } from './random';
import { hourProfile, idOf, isoTimestamp, type SampleRow, type SampleTable } from './sampleTable';

const SOURCES = [
  ['api-gateway', 35],
  ['checkout-service', 25],
  ['auth-service', 15],
  ['courier-app', 15],
  ['web-frontend', 10],
] as const;

const LOG_TYPES = [
  ['INFO', 78],
  ['WARN', 12],
  ['ERROR', 6],
  ['DEBUG', 4],
] as const;

const MESSAGES: Record<string, readonly ((rng: Random) => string)[]> = {
  INFO: [
    (rng) =>
      `User "${idOf('u', rng.int(1, 9999), 4)}" signed in from ${rng.pick(['Zürich', 'Kraków', 'São Paulo', 'Berlin'])}`,
    (rng) => `GET /api/orders/${rng.int(1000, 99999)} took ${rng.int(3, 900)} ms, status=200`,
    (rng) => `Order placed, items=${rng.int(1, 9)}, total=${rng.int(5, 120)}.${rng.int(10, 99)} EUR`,
    (rng) => `Courier ${idOf('c', rng.int(1, 500), 4)} arrived — 配達完了 ✓`,
  ],
  WARN: [
    (rng) => `Slow query: SELECT * FROM "orders" WHERE city = 'Zürich' took ${rng.int(1000, 9000)} ms`,
    (rng) => `Retrying request (attempt ${rng.int(1, 3)}/3), backoff ${rng.int(100, 2000)}ms`,
    (rng) => `Cache miss for key 'menu:${rng.int(1, 200)}', falling back to DB`,
  ],
  ERROR: [
    (rng) => `Payment declined: card ending ${rng.int(1000, 9999)}, reason="insufficient funds"`,
    (rng) => `NullPointerException at Checkout.java:${rng.int(10, 400)}\n\tat Main.run(Main.java:12)`,
    (rng) => `Export failed: path C:\\exports\\orders-${rng.int(1, 99)}.csv not found`,
  ],
  DEBUG: [(rng) => `payload={"pizza":"🍕","qty":${rng.int(1, 5)}}`, () => ''],
};

/** `app-log`: source, logtype, timestamp, message. */
export const appLog: SampleTable = {
  schema: appLogV1,
  type: appLogV1.type,
  format: 'json',
  share: 0.25,
  weekday: [0.6, 1.1, 1.1, 1.05, 1.05, 1.0, 0.65],
  // Office hours plus a nightly batch job at 02:00.
  hours: hourProfile(0.5, [
    [2, 2, 2.5],
    [8, 18, 2],
    [19, 22, 1],
  ]),
  rows: (rng) => (ts) => {
    const logtype = rng.weighted(LOG_TYPES);
    const row: SampleRow = {
      source: rng.chance(0.02) ? null : rng.weighted(SOURCES),
      logtype,
      timestamp: isoTimestamp(ts),
    };
    // About 2% of lines have no message key at all (missing ≠ null for JSON, both read as NULL).
    if (!rng.chance(0.02)) row.message = rng.pick(MESSAGES[logtype])(rng);
    return row;
  },
};

/**
 * The injection corpus (docs/reference-athena.md#threat-notes, T1) and fast-check arbitraries built on it: every string
 * a hostile or careless client could put where the proxy renders a literal or resolves an identifier.
 */
import fc from 'fast-check';

/** Hand-picked hostile fragments: quoting, comments, statement breaks, look-alike quotes, numbers that are not. */
export const HOSTILE_STRINGS: readonly string[] = [
  "'",
  "''",
  "\\'",
  '\\',
  '\\\\',
  '"',
  '""',
  '`',
  '--',
  '-- comment',
  '/*',
  '*/',
  '/* x */',
  ';',
  '; SELECT 1',
  '\n',
  '\r\n',
  '\t',
  '’',
  '‘',
  '＂',
  '＇',
  "U&'\\0027'",
  "U&'\\+000027' UESCAPE '!'",
  "E'\\''",
  '$$',
  '$tag$',
  '1 OR 1=1',
  "1' OR '1'='1",
  "' OR '1'='1' --",
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1_000',
  "2024-01-01' OR '1'='1",
  '2024-01-01 --',
  "x'||(SELECT token FROM lake.secrets)||'",
  "') UNION SELECT token FROM lake.secrets --",
  '"secrets"',
  'lake"."secrets',
  "'; DROP TABLE lake.events; --",
  'naïve 日本 🚀',
  '\u2028',
  '\ufeff',
  '%_',
  '.*',
  '(?i)a',
  '\\d+',
  'a{1000}',
  '[',
];

/** Values no SQL literal may carry; the compiler must refuse them with a 400. */
export const UNSAFE_STRINGS: readonly string[] = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udfff\ud800'];

/** Time zones a client may legitimately send (canonical, alias, lower-case). */
export const VALID_TIME_ZONES: readonly string[] = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'asia/kolkata',
  'Etc/UTC',
  'Pacific/Chatham',
];

const LONG_LENGTHS = [9_999, 10_000, 10_001, 12_000];

/** A long string of repeated hostile fragments, around the 10,000-character limit of parseQuerySpec. */
const longText = fc
  .tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...LONG_LENGTHS))
  .map(([fragment, length]) => fragment.repeat(Math.ceil(length / Math.max(1, fragment.length))).slice(0, length));

/** Mixtures of corpus fragments and random text (any code point, control characters included). */
const mixedText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ unit: 'binary-ascii', maxLength: 6 }),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));

/** Any hostile text; unsafe (NUL, lone surrogate) values appear now and then. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 10, arbitrary: mixedText },
  { weight: 1, arbitrary: fc.constantFrom(...UNSAFE_STRINGS) },
  { weight: 1, arbitrary: longText },
);

/** Numbers as Looker sends them, plus their malformed cousins (so the typed paths are reached, not only refused). */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    '0.5',
    '-12.25',
    '1e3',
    '1E-5',
    '12345678901234567890123456789012345678',
    '123456789012345678901234567890123456789',
    '.5',
    '5.',
  ),
);

/** Looker date values of `digits` length (`YYYYMMDD`, `YYYYMMDDHH`, `YYYYMMDDHHmmss`), sometimes impossible ones. */
export function lookerDateText(digits: 8 | 10 | 14): fc.Arbitrary<string> {
  const real = fc
    .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().replace(/[-T:]/g, '').slice(0, digits));
  const odd = fc.constantFrom(
    '20240230',
    '20241301',
    '2024010124',
    '20240101240000',
    '2024-01-01',
    '20240310023000',
    '20241103013000',
  );
  return fc.oneof({ weight: 5, arbitrary: real }, { weight: 1, arbitrary: odd });
}

const realIsoDate = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Date range bounds: near misses and hostile text (real dates come from {@link dateRangeArb}). */
const badIsoDate = fc.oneof(
  fc.constantFrom(
    '2024-02-30',
    '2024-13-01',
    '0999-12-31',
    '9999-01-01',
    '2024-1-01',
    ' 2024-01-01',
    '2024-01-01\n',
    '2024-01-01T00:00:00Z',
  ),
  hostileText,
);

/** Date ranges: mostly real and ordered, sometimes reversed, sometimes with a bad bound. */
export const dateRangeArb: fc.Arbitrary<{ startDate: string; endDate: string }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(realIsoDate, realIsoDate)
      .map(([a, b]) => (a <= b ? { startDate: a, endDate: b } : { startDate: b, endDate: a })),
  },
  { weight: 1, arbitrary: fc.tuple(realIsoDate, realIsoDate).map(([a, b]) => ({ startDate: a, endDate: b })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.oneof(realIsoDate, badIsoDate), badIsoDate).map(([a, b]) => ({ startDate: a, endDate: b })),
  },
  { weight: 1, arbitrary: fc.tuple(badIsoDate, realIsoDate).map(([a, b]) => ({ startDate: a, endDate: b })) },
);

/** Time zones: valid ones, look-alikes and hostile text. */
export const zoneText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...VALID_TIME_ZONES),
  fc.constantFrom(
    "UTC'",
    'Europe/Paris; --',
    "UTC') OR ('1'='1",
    'Mars/Olympus',
    '../../etc/passwd',
    'UTC\n',
    '+02:00',
    'EST',
    'utc',
  ),
  hostileText,
);

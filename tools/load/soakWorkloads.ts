/**
 * What the soak sends: unique raw-row and aggregated queries (small and large), the 100,000-literal body under
 * 1 MB, and hostile bodies at the 1 MB size limit. Specs use the sample lake (tools/sampleLake/sampleData.ts) tables.
 */

const TABLE = 'food_pickup_1_0_0';
const RAW_FIELDS = ['city', 'courierid', 'waitseconds', 'dt', 'record_count'];

/**
 * Query `n` of a burst: every one unique (an EXCLUDE filter on a value no row has, so the result size does not
 * change and the cache cannot answer), mixing raw rows and aggregates over one day (small) or the whole table (large).
 */
export function burstSpec(n: number, burst: number): Record<string, unknown> {
  const kind = n % 4;
  const raw = kind < 2;
  const small = kind % 2 === 1;
  return {
    database: 'lake',
    table: TABLE,
    aggregate: !raw,
    fields: (raw ? RAW_FIELDS : ['city', 'dt', 'waitseconds_max', 'record_count']).map((name) => ({ name })),
    ...(small ? { dateColumn: 'dt', dateRange: { startDate: '2026-10-30', endDate: '2026-10-30' } } : {}),
    dimensionsFilters: [
      [{ fieldName: 'courierid', type: 'EXCLUDE', operator: 'EQUALS', values: [`soak-${burst}-${n}`] }],
    ],
  };
}

/** A large raw-row query (many pages): the target of the cursor storm. */
export function largeRawSpec(tag: string): Record<string, unknown> {
  return {
    database: 'lake',
    table: TABLE,
    aggregate: false,
    fields: RAW_FIELDS.map((name) => ({ name })),
    dimensionsFilters: [[{ fieldName: 'courierid', type: 'EXCLUDE', operator: 'EQUALS', values: [tag] }]],
  };
}

/** ~100,000 IN-list literals in a body under 1 MB (100 groups × 1,000 short values). */
export function manyLiteralsBody(): string {
  const values = (g: number) => Array.from({ length: 1000 }, (_, i) => `${g}x${i}`);
  const groups = Array.from({ length: 100 }, (_, g) => [{ fieldName: 'city', operator: 'IN_LIST', values: values(g) }]);
  const body = JSON.stringify({
    database: 'lake',
    table: TABLE,
    fields: [{ name: 'city' }],
    dimensionsFilters: groups,
  });
  if (Buffer.byteLength(body) >= 1024 * 1024)
    throw new Error(`the literal body is ${Buffer.byteLength(body)} bytes, not under 1 MB`);
  return body;
}

const LIMIT = 1024 * 1024;

/** Pads `prefix … suffix` with `fill` to exactly `size` bytes. */
function padded(prefix: string, fill: string, suffix: string, size: number): string {
  const room = size - Buffer.byteLength(prefix + suffix);
  return prefix + fill.repeat(Math.floor(room / fill.length)) + ' '.repeat(room % fill.length) + suffix;
}

/** Bodies at (and one byte over) the 1 MB limit: deep nesting, one huge string, many keys, many fields, junk. */
export function hostileBodies(): { name: string; body: string }[] {
  return [
    { name: 'deep nesting', body: padded('', '[', '', LIMIT) },
    {
      name: 'one huge string',
      body: padded('{"database":"lake","table":"', 'a', '","fields":[{"name":"city"}]}', LIMIT),
    },
    {
      name: 'huge filter value',
      body: padded(
        `{"database":"lake","table":"${TABLE}","fields":[{"name":"city"}],"dimensionsFilters":[[{"fieldName":"city","operator":"EQUALS","values":["`,
        'b',
        '"]}]]}',
        LIMIT,
      ),
    },
    { name: 'many keys', body: padded('{', '"k":1,', '"z":0}', LIMIT) },
    {
      name: 'many fields',
      body: padded('{"database":"lake","table":"t","fields":[', '{"name":"c"},', '{"name":"d"}]}', LIMIT),
    },
    { name: 'not JSON', body: padded('', '\u0000{', '', LIMIT) },
    { name: 'one byte over', body: padded('{"x":"', 'c', '"}', LIMIT + 1) },
  ];
}

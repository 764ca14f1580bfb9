import fc from 'fast-check';
import { decodeResultCsv, ResultCsvDecoder, type CsvRow } from '../../../../proxy/src/engines/athena/decodeResultCsv';
import { encodeAthenaCsvRow } from '../../../../testing/athenaDouble/csv';

async function* chunksOf(parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function decodeAll(parts: (string | Uint8Array)[]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const batch of decodeResultCsv(chunksOf(parts))) rows.push(...batch);
  return rows;
}

/** Splits bytes at the given cut points, so multi-byte characters and `""` pairs can straddle chunks. */
function splitBytes(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe('decodeResultCsv', () => {
  const cases: { name: string; csv: string; rows: CsvRow[] }[] = [
    {
      name: 'header and quoted values',
      csv: '"a","b"\n"1","x"\n',
      rows: [
        ['a', 'b'],
        ['1', 'x'],
      ],
    },
    {
      name: 'NULL is an unquoted empty field',
      csv: '"a","b","c"\n,"",\n',
      rows: [
        ['a', 'b', 'c'],
        [null, '', null],
      ],
    },
    { name: 'doubled quotes', csv: '"say ""hi"""\n', rows: [['say "hi"']] },
    { name: 'comma, LF and CRLF inside quotes', csv: '"a,b","l1\nl2","c\r\nd"\n', rows: [['a,b', 'l1\nl2', 'c\r\nd']] },
    { name: 'CRLF record ends', csv: '"a"\r\n"b"\r\n', rows: [['a'], ['b']] },
    { name: 'single NULL column is an empty line', csv: '"v"\n\n"x"\n\n', rows: [['v'], [null], ['x'], [null]] },
    {
      name: 'missing final line break',
      csv: '"a","b"\n"1",',
      rows: [
        ['a', 'b'],
        ['1', null],
      ],
    },
    { name: 'unquoted values are kept as text', csv: 'a,12.5\n', rows: [['a', '12.5']] },
    { name: 'unicode', csv: '"naïve","日本","🚀"\n', rows: [['naïve', '日本', '🚀']] },
    { name: 'header only (empty result)', csv: '"a","b"\n', rows: [['a', 'b']] },
    { name: 'empty file', csv: '', rows: [] },
  ];

  it.each(cases)('decodes $name', async ({ csv, rows }) => {
    expect(await decodeAll([csv])).toEqual(rows);
  });

  it.each(cases)('decodes $name one character at a time', async ({ csv, rows }) => {
    expect(await decodeAll([...csv])).toEqual(rows);
  });

  it('rejects a file that ends inside a quoted value', async () => {
    await expect(decodeAll(['"a","unterminated\n'])).rejects.toThrow(/inside a quoted value/);
  });

  it('round-trips any rows written the Athena way, whatever the chunk boundaries', async () => {
    const value = fc.option(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '"', ',', '\n', '\r', ' ') }), {
      nil: null,
    });
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) => fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 8 })),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, cuts) => {
          const bytes = new TextEncoder().encode(rows.map(encodeAthenaCsvRow).join(''));
          expect(await decodeAll(splitBytes(bytes, cuts))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets the consumer stop early without reading the rest of the source', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        pulled += 1;
        yield '"r"\n';
      }
    }
    let seen = 0;
    for await (const batch of decodeResultCsv(endless())) {
      seen += batch.length;
      if (seen >= 3) break;
    }
    expect(seen).toBe(3);
    expect(pulled).toBe(3);
  });

  it('keeps state across push calls on the incremental decoder', () => {
    const decoder = new ResultCsvDecoder();
    expect(decoder.push('"a"')).toEqual([]);
    expect(decoder.push('"b",')).toEqual([]);
    expect(decoder.push('\r')).toEqual([['a"b', null]]);
    expect(decoder.push('\n"c"')).toEqual([]);
    expect(decoder.end()).toEqual([['c']]);
  });
});

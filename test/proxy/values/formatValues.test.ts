import fc from 'fast-check';
import { makeRowFormatter, VALUE_FORMATS, type ValueFormat } from '../../../proxy/src/values/formatValues';
import type { LookerValue } from '../../../protocol/contract';

function formatOne(format: ValueFormat, text: string | null): LookerValue {
  return makeRowFormatter([{ name: 'v', dataType: 'STRING', format }])([text])[0];
}

describe('makeRowFormatter', () => {
  it.each<[ValueFormat, string, LookerValue]>([
    ['exact', '42', 42],
    ['exact', '-7', -7],
    ['exact', '0', 0],
    ['exact', '9007199254740991', 9007199254740991],
    ['exact', '9007199254740992', 9007199254740992],
    ['exact', '9007199254740993', '9007199254740993'],
    ['exact', '-9007199254740993', '-9007199254740993'],
    ['exact', '123456789012345678901234567890', '123456789012345678901234567890'],
    ['exact', '119209289550781250000000', '119209289550781250000000'],
    ['exact', '+0012', 12],
    ['exact', '12.50', 12.5],
    ['exact', '0.1000000000', 0.1],
    ['exact', '-0.0000001000', -1e-7],
    ['exact', '12345678901234567890.1234567890', '12345678901234567890.123456789'],
    ['exact', '0.12345678901234567890', '0.1234567890123456789'],
    ['exact', '1234567890.1234500000', 1234567890.12345],
    ['exact', '1.5E10', 15000000000],
    ['exact', 'NaN', null],
    ['exact', 'abc', null],
    ['double', '3.14', 3.14],
    ['double', '1.0E-7', 1e-7],
    ['double', '-2.5e+300', -2.5e300],
    ['double', '1e400', null],
    ['double', 'Infinity', null],
    ['double', '-Infinity', null],
    ['double', 'NaN', null],
    ['double', '', null],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['boolean', 'TRUE', true],
    ['boolean', 'maybe', null],
    ['text', 'hello', 'hello'],
    ['text', '', ''],
    ['text', '2024031013', '2024031013'],
    ['text', '{"a":[1,2]}', '{"a":[1,2]}'],
    ['date', '2024-01-31', '20240131'],
    ['date', '0999-12-31', '09991231'],
    ['date', '2024-1-31', null],
    ['date', 'latest', null],
    ['timestamp', '2024-01-31 23:59:59', '20240131235959'],
    ['timestamp', '2024-01-31 23:59:59.123', '20240131235959'],
    ['timestamp', '2024-03-10 01:00:00.000 America/New_York', '20240310010000'],
    ['timestamp', '2024-01-31T05:06:07Z', '20240131050607'],
    ['timestamp', '2024-01-31', null],
    ['timestamp', 'yesterday', null],
  ])('%s %p → %p', (format, text, expected) => {
    expect(formatOne(format, text)).toBe(expected);
  });

  it('keeps NULL (and a missing value) as null for every format', () => {
    for (const format of VALUE_FORMATS) {
      expect(formatOne(format, null)).toBeNull();
      expect(makeRowFormatter([{ name: 'v', dataType: 'STRING', format }])([])).toEqual([null]);
    }
  });

  it('formats each column with its own format, in output order', () => {
    const format = makeRowFormatter([
      { name: 'd', dataType: 'STRING', format: 'date' },
      { name: 'n', dataType: 'NUMBER', format: 'exact' },
      { name: 'b', dataType: 'BOOLEAN', format: 'boolean' },
      { name: 't', dataType: 'STRING', format: 'text' },
    ]);
    expect(format(['2024-02-29', '5', 'false', null])).toEqual(['20240229', 5, false, null]);
    expect(format([null, '9007199254740993', 'true', 'x'])).toEqual([null, '9007199254740993', true, 'x']);
  });

  it('returns integers up to ±2^53 as equal numbers and larger ones as their exact digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (value) => {
        const formatted = formatOne('exact', value.toString());
        const safe = value >= -(2n ** 53n) && value <= 2n ** 53n;
        expect(formatted).toBe(safe ? Number(value) : value.toString());
      }),
    );
  });

  it('never loses a digit of a decimal: a number only when it prints back the same value', () => {
    fc.assert(
      // Bounds keep JS from printing exponents (it does below 1e-6 and from 1e21), so texts compare directly.
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 1, max: 6 }),
        (units, scale) => {
          const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
          const text = `${units < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
          const formatted = formatOne('exact', text);
          const canonical = (s: string) =>
            s
              .replace(/(\.\d*?)0+$/, '$1')
              .replace(/\.$/, '')
              .replace(/^-0$/, '0');
          const asText = typeof formatted === 'number' ? String(formatted) : formatted;
          expect(asText).toBe(canonical(text));
        },
      ),
    );
  });

  it('returns every finite double unchanged', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(formatOne('double', String(value))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

import fc from 'fast-check';
import {
  civilFromDays,
  daysFromCivil,
  formatIsoDate,
  formatIsoDateTime,
  parseIsoDate,
  parseLookerDate,
  parseLookerSecond,
} from '../../../proxy/src/time/calendar';
import { toPlainDecimal } from '../../../proxy/src/values/decimalText';
import {
  firstInstantAtOrAfter,
  instantsOfWallTime,
  offsetAt,
  resolveTimeZone,
} from '../../../proxy/src/time/timeZones';

const DAY = 86_400;

describe('calendar', () => {
  it('agrees with Date.UTC on day numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9998 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          expect(daysFromCivil(y, m, d) * DAY * 1000).toBe(Date.UTC(y, m - 1, d));
          expect(civilFromDays(daysFromCivil(y, m, d))).toEqual({ year: y, month: m, day: d });
        },
      ),
    );
  });

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', undefined],
    ['2024-04-31', undefined],
    ['2024-13-01', undefined],
    ['2024-00-10', undefined],
    ['0999-12-31', undefined],
    ['9999-01-01', undefined],
    ['2024-1-01', undefined],
    [' 2024-01-01', undefined],
  ])('parses %p strictly', (text, expected) => {
    const day = parseIsoDate(text);
    expect(day === undefined ? undefined : formatIsoDate(day)).toBe(expected);
  });

  it('parses Looker date and second values', () => {
    expect(formatIsoDate(parseLookerDate('20240131')!)).toBe('2024-01-31');
    expect(parseLookerDate('20240230')).toBeUndefined();
    expect(formatIsoDateTime(parseLookerSecond('20240131235959')!)).toBe('2024-01-31T23:59:59');
    expect(parseLookerSecond('20240131245959')).toBeUndefined();
    expect(parseLookerSecond('20240131236059')).toBeUndefined();
    expect(parseLookerSecond('202401312359')).toBeUndefined();
  });
});

describe('time zones', () => {
  const wall = (iso: string) => Date.parse(`${iso}Z`) / 1000;
  const iso = (seconds: number) => formatIsoDateTime(seconds);

  it('resolves IANA names canonically and refuses anything else', () => {
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('utc')).toBe('UTC');
    expect(resolveTimeZone('america/new_york')).toBe('America/New_York');
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveTimeZone('Not/AZone')).toBeUndefined();
    expect(resolveTimeZone('+05:30')).toBeUndefined();
    expect(resolveTimeZone("UTC'; DROP")).toBeUndefined();
    expect(resolveTimeZone('')).toBeUndefined();
  });

  it('computes offsets at instants', () => {
    expect(offsetAt('America/New_York', wall('2024-01-15T12:00:00'))).toBe(-5 * 3600);
    expect(offsetAt('America/New_York', wall('2024-07-15T12:00:00'))).toBe(-4 * 3600);
    expect(offsetAt('Asia/Calcutta', wall('2024-07-15T12:00:00'))).toBe(5.5 * 3600);
    expect(offsetAt('UTC', wall('2024-07-15T12:00:00'))).toBe(0);
  });

  it('maps wall-clock times to one, none (gap) or two (overlap) instants', () => {
    expect(instantsOfWallTime('America/New_York', wall('2024-03-10T01:59:59')).map(iso)).toEqual([
      '2024-03-10T06:59:59',
    ]);
    expect(instantsOfWallTime('America/New_York', wall('2024-03-10T02:30:00'))).toEqual([]);
    expect(instantsOfWallTime('America/New_York', wall('2024-11-03T01:30:00')).map(iso)).toEqual([
      '2024-11-03T05:30:00',
      '2024-11-03T06:30:00',
    ]);
  });

  it('finds the first instant at or after a wall-clock time', () => {
    expect(iso(firstInstantAtOrAfter('America/New_York', wall('2024-03-10T02:30:00')))).toBe('2024-03-10T07:00:00');
    expect(iso(firstInstantAtOrAfter('America/New_York', wall('2024-11-03T01:30:00')))).toBe('2024-11-03T05:30:00');
    expect(iso(firstInstantAtOrAfter('Asia/Calcutta', wall('2024-01-01T00:00:00')))).toBe('2023-12-31T18:30:00');
  });
});

describe('toPlainDecimal', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['007', '7'],
    ['+1.50', '1.5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e3', '1000'],
    ['1.5E-7', '0.00000015'],
    ['-12.3e+2', '-1230'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
  ])('%p → %p', (text, expected) => {
    expect(toPlainDecimal(text)).toBe(expected);
  });

  it.each(['', '.', '-', 'abc', '1,5', '1e', '0x10', 'Infinity', 'NaN', ' 1', '1e401'])('refuses %p', (text) => {
    expect(toPlainDecimal(text)).toBeUndefined();
  });
});

/** Field checks of the producer's validator: the accepted timestamp spellings, decimals, ranges, nested objects. */
import { EVENT_SCHEMAS } from '../../events/schemas';
import { parseTimestamp, schemaLookup, validateEvent } from '../../events/src/validate';

const lookup = schemaLookup(EVENT_SCHEMAS);
const reading = (extra: Record<string, unknown>) => ({
  type: 'thermostat-reading',
  version: '1.0.0',
  deviceid: 'th-1',
  temp: 21,
  setPoint: 21,
  humidity: 40,
  readingTimestamp: '2026-11-02 10:00',
  ...extra,
});
const purchase = (price: unknown) => ({
  type: 'bookstore-purchase',
  version: '1.0.0',
  bookId: 'b-1',
  userId: 'u-1',
  price,
  purchaseTimestamp: '2026-11-02T10:00:00.123456Z',
});

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-02 10:00', Date.UTC(2026, 10, 2, 10, 0)],
    ['2026-11-02 10:00:59', Date.UTC(2026, 10, 2, 10, 0, 59)],
    ['2026-11-02T10:00:00Z', Date.UTC(2026, 10, 2, 10)],
    ['2026-11-02T10:00:00.5+02:00', Date.UTC(2026, 10, 2, 8, 0, 0, 500)],
    ['2024-02-29 00:00', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, ms) => expect(parseTimestamp(text)).toBe(ms));

  it.each([
    '2026-02-30 10:00',
    '2025-02-29T00:00:00Z',
    '2026-11-02 24:00',
    '2026-11-02T10:00:00',
    '02.11.2026 10:00',
    '1793577600000',
    '',
  ])('refuses %j', (text) => expect(parseTimestamp(text)).toBeUndefined());
});

describe('validateEvent', () => {
  it('normalizes timestamps to ISO-8601 UTC and keeps nested objects', () => {
    const result = validateEvent(reading({ location: { building: 'HQ', floor: -1 } }), lookup);
    expect(result).toMatchObject({
      ok: true,
      event: { readingTimestamp: '2026-11-02T10:00:00.000Z', location: { building: 'HQ', floor: -1 } },
    });
  });

  it('names nested and ranged fields', () => {
    expect(validateEvent(reading({ location: { floor: 1.5 } }), lookup)).toEqual({
      ok: false,
      field: 'location.floor',
      reason: 'must be an integer, got number',
    });
    expect(validateEvent(reading({ location: { roof: true } }), lookup)).toMatchObject({ field: 'location.roof' });
    expect(validateEvent(reading({ humidity: 101 }), lookup)).toEqual({
      ok: false,
      field: 'humidity',
      reason: 'must be at most 100',
    });
    expect(validateEvent(reading({ temp: Number.NaN }), lookup)).toMatchObject({ field: 'temp' });
    expect(validateEvent(reading({ temp: '21' }), lookup)).toEqual({
      ok: false,
      field: 'temp',
      reason: 'must be a number, got a string',
    });
  });

  it('checks decimals by scale and precision, as numbers or numeric text', () => {
    expect(validateEvent(purchase(12.5), lookup).ok).toBe(true);
    expect(validateEvent(purchase('12345678.99'), lookup).ok).toBe(true);
    expect(validateEvent(purchase(12.345), lookup)).toMatchObject({
      field: 'price',
      reason: 'must have at most 2 decimal places',
    });
    expect(validateEvent(purchase('123456789.00'), lookup)).toMatchObject({
      field: 'price',
      reason: 'must fit decimal(10,2)',
    });
    expect(validateEvent(purchase('1e3'), lookup)).toMatchObject({ field: 'price' });
    expect(validateEvent(purchase(-1), lookup)).toMatchObject({ field: 'price', reason: 'must be at least 0' });
  });

  it('refuses non-objects and bad envelopes before looking at fields', () => {
    expect(validateEvent([reading({})], lookup)).toMatchObject({ field: '(event)' });
    expect(validateEvent(null, lookup)).toMatchObject({ field: '(event)' });
    expect(validateEvent(reading({ version: '1.0' }), lookup)).toMatchObject({ field: 'version' });
    expect(validateEvent(reading({ type: 'Thermostat' }), lookup)).toMatchObject({ field: 'type' });
    expect(validateEvent(reading({ eventId: 'a b' }), lookup)).toMatchObject({ field: 'eventId' });
    expect(validateEvent(reading({ version: '2.0.0' }), lookup)).toEqual({
      ok: false,
      field: 'type',
      reason: 'unknown event type thermostat-reading 2.0.0',
    });
  });
});

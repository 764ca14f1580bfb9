import fc from 'fast-check';
import {
  decodeCursor,
  decodeQueryHandle,
  encodeQueryHandle,
  type QueryHandle,
} from '../../../proxy/src/service/queryHandle';
import { InvalidRequestError } from '../../../proxy/src/errors';
import { VALUE_FORMATS } from '../../../proxy/src/values/formatValues';

const ident = fc.stringMatching(/^[A-Za-z0-9_]{1,30}$/);
const token: fc.Arbitrary<QueryHandle> = fc.record(
  {
    engineQueryId: fc.stringMatching(/^[A-Za-z0-9_.-]{1,60}$/),
    filtersApplied: fc.boolean(),
    rowLimit: fc.integer({ min: 1, max: 999_999_999 }),
    columns: fc.array(
      fc.record({
        name: ident,
        dataType: fc.constantFrom('STRING', 'NUMBER', 'BOOLEAN'),
        format: fc.constantFrom(...VALUE_FORMATS),
      }),
      { maxLength: 25 },
    ),
  },
  { requiredKeys: ['engineQueryId', 'filtersApplied', 'columns'] },
);

describe('query tokens', () => {
  it('round-trip any plan', () => {
    fc.assert(
      fc.property(token, (t) => {
        expect(decodeQueryHandle(encodeQueryHandle(t))).toEqual(t);
      }),
    );
  });

  it('stay under 1,500 characters for 20 long field ids (Apps Script URLs are limited to 2 KB)', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({
      name: `purchase_timestamp_hour_${i}`,
      dataType: 'STRING' as const,
      format: 'timestamp' as const,
    }));
    const encoded = encodeQueryHandle({
      engineQueryId: '0c5b2d3e-7f1a-4a57-9a3c-1f2e3d4c5b6a',
      filtersApplied: true,
      columns,
    });
    expect(encoded.length).toBeLessThan(1500);
  });

  it.each([
    '',
    'not base64!',
    Buffer.from('v2~id~1~~').toString('base64url'),
    Buffer.from('v1~id~2~~').toString('base64url'),
    Buffer.from('v1~id~1~~a:X:text').toString('base64url'),
    Buffer.from('v1~id~1~~a:S:nope').toString('base64url'),
    Buffer.from('v1~i d~1~~').toString('base64url'),
    Buffer.from('v1~id~1~0~').toString('base64url'),
    Buffer.from('v1~id~1~-5~').toString('base64url'),
    Buffer.from('v1~id~1~').toString('base64url'),
    'A'.repeat(5000),
  ])('rejects the malformed id %p with a 400', (raw) => {
    expect(() => decodeQueryHandle(raw)).toThrow(InvalidRequestError);
  });

  it('refuses to encode ids it could not decode', () => {
    expect(() => encodeQueryHandle({ engineQueryId: 'a~b', filtersApplied: true, columns: [] })).toThrow();
  });
});

describe('page cursors', () => {
  it('decode offset and limit', () => {
    expect(decodeCursor('1000.500', 1000)).toEqual({ offset: 1000, limit: 500 });
  });
  it.each(['', '1', '1.0', '-1.5', '1.5000', 'a.b', '1.2.3'])('reject %p', (raw) => {
    expect(() => decodeCursor(raw, 1000)).toThrow(InvalidRequestError);
  });
});

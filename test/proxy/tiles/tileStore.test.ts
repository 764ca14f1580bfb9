import { encodedLength, encodeTile } from '../../../proxy/src/tiles';

const KEY = 'a'.repeat(64);

describe('encodedLength', () => {
  it('is the length of the encoded tile, without building it', () => {
    const tiles = [
      { fingerprint: '', rows: [] },
      { fingerprint: 'f1', rows: [['x', null, '3']] },
      { fingerprint: 'abc', rows: [[], [null], ['', ''], ['2024-01-01', '12.50', null]] },
    ];
    for (const tile of tiles) expect(encodedLength(KEY, tile)).toBe(encodeTile(KEY, tile).length);
  });

  it('undercounts only characters that JSON escapes', () => {
    const tile = { fingerprint: 'f', rows: [['a"b', 'c\\d']] };
    expect(encodeTile(KEY, tile).length - encodedLength(KEY, tile)).toBe(2);
  });
});

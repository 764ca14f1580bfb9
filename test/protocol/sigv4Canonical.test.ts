/** Unit tests of the pure pieces: bytes, canonical request parts, URL splitting and the signer's header rules. */
import fc from 'fast-check';
import { bytesToHex, encodeUtf8 } from '../../connector/src/sigv4/bytes';
import {
  canonicalizeHeaderValues,
  canonicalizeQuery,
  canonicalizeUri,
  encodeRfc3986,
  formatAmzDate,
  parseQueryString,
} from '../../protocol/sigv4Canonical';
import { signRequest } from '../../connector/src/sigv4/signer';
import { regionFromExecuteApiHost, splitUrl } from '../../connector/src/sigv4/url';
import { nodeSigV4Crypto } from '../../tools/signing/nodeSigV4Crypto';
import { percentEncode } from '../sigv4/randomRequests';

describe('encodeUtf8 / bytesToHex', () => {
  it('match Buffer on any string, lone surrogates included, as signed bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = [...Buffer.from(text, 'utf8')].map((b) => (b > 127 ? b - 256 : b));
        expect(encodeUtf8(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    expect(encodeUtf8('\ud800x')).toEqual([-17, -65, -67, 120]);
  });

  it('print lower-case hex of signed or unsigned bytes', () => {
    expect(bytesToHex([0, 15, -1, -128, 127, 255])).toBe('000fff807fff');
  });
});

describe('canonical URI', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/prod/v1/health', '/prod/v1/health'],
    ['/prod/v1/databases/my%20db/tables/t', '/prod/v1/databases/my%2520db/tables/t'],
    ['/a%2Fb/c', '/a%252Fb/c'],
    ['/caf%C3%A9/', '/caf%25C3%25A9/'],
    ['/@x=y:z', '/%40x%3Dy%3Az'],
    ["/!'()*", '/%21%27%28%29%2A'],
    ['//a//b/./c/../d', '/a/b/d'],
    ['/a/..', '/'],
  ])('%s → %s (wire path encoded once more, dot and empty segments removed)', (wirePath, expected) => {
    expect(canonicalizeUri(wirePath)).toBe(expected);
  });

  it('agrees with an independent byte-wise encoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => expect(encodeRfc3986(text)).toBe(percentEncode(text))),
      { numRuns: 300 },
    );
  });
});

describe('canonical query', () => {
  it('decodes the raw query keeping + literal, and treats a missing = as an empty value', () => {
    expect(parseQueryString('a=1+2&b&&c=%E1%88%B4&=x')).toEqual([
      ['a', '1+2'],
      ['b', ''],
      ['c', 'ሴ'],
      ['', 'x'],
    ]);
    expect(() => parseQueryString('a=%E1%88')).toThrow(/Malformed percent-encoding/);
    expect(() => parseQueryString('a=%zz')).toThrow(/Malformed percent-encoding/);
  });

  it('sorts by encoded key, then by encoded value, and re-encodes loosely encoded input', () => {
    const params = parseQueryString('b=2&a=z&a=y&A=1&a*=(x)&%e1%88%b4=%7e');
    expect(canonicalizeQuery(params)).toBe('%E1%88%B4=~&A=1&a=y&a=z&a%2A=%28x%29&b=2');
  });
});

describe('canonical header values and dates', () => {
  it('trims and collapses spaces and tabs, and joins repeated values with commas', () => {
    expect(canonicalizeHeaderValues([' a \t b  ', '"x   y"', ''])).toBe('a b,"x y",');
  });

  it('formats x-amz-date in UTC', () => {
    expect(formatAmzDate(new Date('2024-02-29T23:59:59.999Z'))).toBe('20240229T235959Z');
  });
});

describe('splitUrl / regionFromExecuteApiHost', () => {
  it('splits wire URLs, dropping default ports and fragments', () => {
    expect(splitUrl('HTTPS://Abc.Example.com:443?x=1#frag')).toEqual({
      scheme: 'https',
      host: 'abc.example.com',
      path: '/',
      rawQuery: 'x=1',
    });
    expect(splitUrl('http://127.0.0.1:8787/v1/q%20x')).toMatchObject({ host: '127.0.0.1:8787', path: '/v1/q%20x' });
    expect(splitUrl('http://localhost:80/')).toMatchObject({ host: 'localhost' });
  });

  it('refuses URLs the HTTP client would rewrite or that are not http(s)', () => {
    for (const url of [
      'https://h/a b',
      'https://h/ሴ',
      'https://h/?q=%zz',
      'https://h/a|b',
      'ftp://h/',
      '/relative',
      'https://user@h/',
      'https:///x',
    ]) {
      expect(() => splitUrl(url)).toThrow(/SigV4/);
    }
  });

  it('reads the region of execute-api hosts only', () => {
    expect(regionFromExecuteApiHost('a1b2c3.execute-api.eu-west-1.amazonaws.com')).toBe('eu-west-1');
    expect(regionFromExecuteApiHost('A1B2.EXECUTE-API.us-gov-west-1.amazonaws.com:443')).toBe('us-gov-west-1');
    expect(regionFromExecuteApiHost('a1-vpce-1.execute-api.cn-north-1.vpce.amazonaws.com.cn')).toBe('cn-north-1');
    expect(regionFromExecuteApiHost('api.example.com')).toBeUndefined();
    expect(regionFromExecuteApiHost('127.0.0.1:8787')).toBeUndefined();
    expect(regionFromExecuteApiHost('x.execute-api.eu-west-1.amazonaws.com.evil.com')).toBeUndefined();
  });
});

describe('signRequest header rules', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
  const scope = { region: 'us-east-1', service: 'execute-api' };
  const now = new Date('2024-01-15T12:00:00Z');
  const sign = (headers: Record<string, string>, method = 'post', body = '') =>
    signRequest(
      { method, url: 'https://h.example/v1', headers, body },
      { credentials, scope, now, crypto: nodeSigV4Crypto },
    );
  const signedHeadersOf = (sent: Record<string, string>) => /SignedHeaders=([^,]+)/.exec(sent.authorization)?.[1];

  it('replaces caller values for the headers it sets, and leaves transport headers unsigned', () => {
    const sent = sign({ Host: 'evil', 'X-Amz-Date': 'x', Authorization: 'x', 'User-Agent': 'ua', Accept: 'a' });
    expect(sent).toEqual({
      'User-Agent': 'ua',
      Accept: 'a',
      host: 'h.example',
      'x-amz-date': '20240115T120000Z',
      authorization: expect.stringMatching(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240115\/us-east-1\/execute-api\/aws4_request, SignedHeaders=/,
      ),
    });
    expect(signedHeadersOf(sent)).toBe('accept;host;x-amz-date');
  });

  it('refuses two headers whose names differ only by case', () => {
    expect(() => sign({ 'X-A': '1', 'x-a': '2' })).toThrow(/given more than once/);
  });

  it('signs the method upper-cased and uses a given x-amz-content-sha256 as the payload hash', () => {
    expect(sign({}, 'post').authorization).toBe(sign({}, 'POST').authorization);
    const declared = 'a'.repeat(64);
    const withHash = sign({ 'x-amz-content-sha256': declared }, 'POST', 'body one');
    expect(withHash.authorization).toBe(sign({ 'x-amz-content-sha256': declared }, 'POST', 'body two').authorization);
    expect(sign({}, 'POST', 'body one').authorization).not.toBe(sign({}, 'POST', 'body two').authorization);
  });
});

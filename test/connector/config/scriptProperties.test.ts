import { parseProxyUrl } from '../../../connector/src/client/proxyEndpoint';
import { DEFAULT_DEADLINE_SECONDS, isAdminEmail, readSettings } from '../../../connector/src/config/scriptProperties';
import { ConnectorError } from '../../../connector/src/errors';

const props = (values: Record<string, string>) => ({ get: (key: string) => values[key] ?? null });

describe('readSettings / isAdminEmail', () => {
  it('nobody is admin by default', () => {
    expect(isAdminEmail('owner@example.com', readSettings(props({})))).toBe(false);
  });

  it('admins are the ADMIN_EMAILS allow-list, case-insensitively', () => {
    const settings = readSettings(props({ ADMIN_EMAILS: ' Owner@Example.com, ops@example.com ,' }));
    expect(isAdminEmail('owner@example.com', settings)).toBe(true);
    expect(isAdminEmail('OPS@example.com', settings)).toBe(true);
    expect(isAdminEmail('other@example.com', settings)).toBe(false);
    expect(isAdminEmail('', settings)).toBe(false);
  });

  it('reads the deadline, falling back to the default outside 10–330 s', () => {
    expect(readSettings(props({ QUERY_DEADLINE_SECONDS: '60' })).deadlineMs).toBe(60_000);
    expect(readSettings(props({ QUERY_DEADLINE_SECONDS: '400' })).deadlineMs).toBe(DEFAULT_DEADLINE_SECONDS * 1000);
    expect(readSettings(props({ QUERY_DEADLINE_SECONDS: 'soon' })).deadlineMs).toBe(DEFAULT_DEADLINE_SECONDS * 1000);
  });
});

describe('parseProxyUrl', () => {
  it.each([
    [
      'https://abc.execute-api.eu-central-1.amazonaws.com/prod/',
      'https://abc.execute-api.eu-central-1.amazonaws.com/prod',
      'eu-central-1',
    ],
    ['https://api.example.com/analytics', 'https://api.example.com/analytics', 'us-east-1'],
    ['https://api.example.com/prod#region=ap-southeast-2', 'https://api.example.com/prod', 'ap-southeast-2'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787', 'us-east-1'],
    ['http://localhost:8787/', 'http://localhost:8787', 'us-east-1'],
    ['HTTP://LOCALHOST:8787', 'http://LOCALHOST:8787', 'us-east-1'],
  ])('%s → %s signed for %s', (text, baseUrl, region) => {
    expect(parseProxyUrl(text)).toEqual({ baseUrl, region });
  });

  it.each([
    'http://api.example.com/prod',
    'http://127.0.0.1.evil.com/prod',
    'http://[::1]:8787',
    'https://api.example.com/my stage',
    'https://api.example.com/stäge',
    'https://user:pw@api.example.com/prod',
    'https://api.example.com/prod?stage=1',
    'ftp://api.example.com',
    'api.example.com/prod',
  ])('rejects %s', (text) => {
    expect(() => parseProxyUrl(text)).toThrow(ConnectorError);
  });
});

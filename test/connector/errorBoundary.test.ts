import { describeFailure, withErrorBoundary } from '../../connector/src/errorBoundary';
import { adviseOnProxyError, ConnectorError, ProxyResponseError } from '../../connector/src/errors';
import { TransportError } from '../../connector/src/ports';
import { UserErrorThrown } from '../../tools/appsScript/dataStudioApp';
import { createFakeWorld } from './fakeServices';

describe('withErrorBoundary', () => {
  it('returns the body result untouched', () => {
    const world = createFakeWorld({});
    expect(
      withErrorBoundary(
        'getData',
        () => world.services,
        () => 42,
      ),
    ).toBe(42);
  });

  it('turns any failure into a Looker user error with text and debug text, and logs it', () => {
    const world = createFakeWorld({});
    const thrown = (() => {
      try {
        withErrorBoundary(
          'getSchema',
          () => world.services,
          () => {
            throw new ProxyResponseError(400, 'UNKNOWN_TABLE', 'Unknown table "x" in database "lake".', { table: 'x' });
          },
        );
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(UserErrorThrown);
    expect(thrown).toMatchObject({
      text: 'Unknown table "x" in database "lake". Edit the data source and pick an available table.',
      kind: 'USER',
    });
    expect(JSON.parse((thrown as UserErrorThrown).debugText ?? '')).toEqual({
      status: 400,
      code: 'UNKNOWN_TABLE',
      message: 'Unknown table "x" in database "lake".',
      details: { table: 'x' },
    });
    expect(world.logs).toEqual([expect.stringMatching(/^getSchema failed: /)]);
  });
});

describe('describeFailure', () => {
  it('keeps connector errors as they are', () => {
    expect(describeFailure(new ConnectorError('Do this.', 'because'))).toEqual({
      userText: 'Do this.',
      debugText: 'because',
    });
  });

  it('explains transport failures and keeps the detail for admins', () => {
    expect(describeFailure(new TransportError('DNS error: x.invalid'))).toEqual({
      userText: expect.stringMatching(/Cannot reach the query proxy/),
      debugText: 'DNS error: x.invalid',
    });
  });

  it('never shows a bug’s message or stack to users, only to admins', () => {
    const failure = describeFailure(new TypeError("Cannot read properties of undefined (reading 'rows')"));
    expect(failure.userText).toBe('Unexpected error in the connector. Please retry; if it persists, report it.');
    expect(failure.debugText).toBe("TypeError: Cannot read properties of undefined (reading 'rows')");
  });
});

describe('adviseOnProxyError', () => {
  it.each([
    ['FORBIDDEN', 403, /Reconnect/],
    ['SCAN_LIMIT_EXCEEDED', 400, /Narrow the date range/],
    ['TOO_MANY_QUERIES', 429, /try again in a minute/],
    ['UNKNOWN_FIELD', 400, /Refresh fields/],
    ['QUERY_FAILED', 400, /^The query failed: boom$/],
  ] as const)('gives actionable advice for %s', (code, status, advice) => {
    expect(adviseOnProxyError(new ProxyResponseError(status, code, 'boom')).userText).toMatch(advice);
  });

  it('still explains an error code from a newer proxy', () => {
    const error = new ProxyResponseError(400, 'SOMETHING_NEW' as 'INTERNAL', 'New problem.');
    expect(adviseOnProxyError(error).userText).toBe('The query proxy reported an error: New problem.');
  });
});

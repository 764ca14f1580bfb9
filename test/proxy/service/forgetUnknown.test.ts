/**
 * A cache hit whose engine result is gone (expired, or an evicted in-memory result) must become a miss — the entry
 * forgotten, the query run again — instead of answering the caller 404 for a query it did not name.
 */
import { UnknownQueryError, QueryFailedError } from '../../../proxy/src/errors';
import { forgetUnknown } from '../../../proxy/src/service/queryOutcome';

it('turns an unknown engine query into a miss and forgets the entry', () => {
  const deleted: string[] = [];
  const onError = forgetUnknown({ delete: (key) => deleted.push(key) }, 'k1');
  expect(onError(new UnknownQueryError('q-1'))).toBeUndefined();
  expect(deleted).toEqual(['k1']);
});

it('lets every other error through and keeps the entry', () => {
  const deleted: string[] = [];
  const onError = forgetUnknown({ delete: (key) => deleted.push(key) }, 'k1');
  expect(() => onError(new QueryFailedError('boom', 'SYSTEM'))).toThrow('boom');
  expect(deleted).toEqual([]);
});

/**
 * resolveFieldCatalog keeps one catalog per table description and mode: a request resolves it several times, and a
 * changed table arrives as a new description object, which gets its own.
 */
import { resolveFieldCatalog } from '../../../proxy/src/fields';
import { EVENTS } from '../../support/tableFixtures';

describe('resolveFieldCatalog', () => {
  it('answers the same catalog for the same description and mode, another for the other mode', () => {
    const aggregate = resolveFieldCatalog(EVENTS, true);
    expect(resolveFieldCatalog(EVENTS, true)).toBe(aggregate);
    expect(resolveFieldCatalog(EVENTS, false)).not.toBe(aggregate);
    expect(resolveFieldCatalog(EVENTS, false).aggregate).toBe(false);
  });

  it('resolves a new description of a changed table afresh', () => {
    const before = resolveFieldCatalog(EVENTS, true);
    const changed = {
      ...EVENTS,
      columns: [...EVENTS.columns, { name: 'added_col', type: 'bigint', partitionKey: false }],
    };
    const after = resolveFieldCatalog(changed, true);
    expect(after).not.toBe(before);
    expect(after.columns.has('added_col')).toBe(true);
    expect(before.columns.has('added_col')).toBe(false);
  });

  it('is frozen, so no caller can change what the next request gets', () => {
    const catalog = resolveFieldCatalog(EVENTS, true);
    expect(() => (catalog.fields as unknown[]).push({})).toThrow(TypeError);
    expect(() => (catalog.dateColumns as string[]).pop()).toThrow(TypeError);
  });
});

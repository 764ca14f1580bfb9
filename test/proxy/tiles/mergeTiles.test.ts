import { mergeDayRows } from '../../../proxy/src/tiles/mergeTiles';

describe('mergeDayRows', () => {
  const kinds = ['group', 'sum', 'count', 'min', 'max'] as const;

  it('adds sums and counts, keeps the extremes, per group with NULL distinct from the empty string', () => {
    const day1 = [
      ['a', '1.50', '2', '3', '9'],
      [null, '5', '1', '-1', '-1'],
    ];
    const day2 = [
      ['a', '2.25', '3', '-4', '10.5'],
      ['', '7', '1', '0', '0'],
    ];
    expect(mergeDayRows([day1, day2], kinds)).toEqual([
      ['', '7', '1', '0', '0'],
      ['a', '3.75', '5', '-4', '10.5'],
      [null, '5', '1', '-1', '-1'],
    ]);
  });

  it('treats NULL partials as neutral', () => {
    const merged = mergeDayRows([[['x', null, '0', null, null]], [['x', '4', '1', '4', '4']]], kinds);
    expect(merged).toEqual([['x', '4', '1', '4', '4']]);
  });

  it('answers one row over no rows when nothing is grouped, as the engine does', () => {
    expect(mergeDayRows([[], []], ['sum', 'count', 'min'])).toEqual([[null, '0', null]]);
    expect(mergeDayRows([[], []], ['group', 'count'])).toEqual([]);
  });

  it('keeps integer sums exact beyond 2^53', () => {
    const merged = mergeDayRows([[['9007199254740993']], [['9007199254740993']]], ['sum']);
    expect(merged).toEqual([['18014398509481986']]);
  });
});

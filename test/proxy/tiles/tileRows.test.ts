import { splitByDay } from '../../../proxy/src/tiles';
import { parseIsoDate } from '../../../proxy/src/time';

const day = (iso: string) => parseIsoDate(iso)!;

describe('splitByDay', () => {
  it('groups rows by their day and drops a day column the request did not ask for', () => {
    const rows = [
      ['a', '1', '2024-03-01'],
      ['b', '2', '2024-03-02'],
      ['c', '3', '2024-03-01'],
    ];
    const byDay = splitByDay(rows, 2, 2)!;
    expect([...byDay.keys()]).toEqual([day('2024-03-01'), day('2024-03-02')]);
    expect(byDay.get(day('2024-03-01'))).toEqual([
      ['a', '1'],
      ['c', '3'],
    ]);
    expect(byDay.get(day('2024-03-02'))).toEqual([['b', '2']]);
  });

  it('keeps the day column when it is one of the request columns, in both spellings', () => {
    const byDay = splitByDay(
      [
        ['20240301', '1'],
        ['2024-03-01', '2'],
      ],
      0,
      2,
    )!;
    expect(byDay.get(day('2024-03-01'))).toEqual([
      ['20240301', '1'],
      ['2024-03-01', '2'],
    ]);
  });

  it('answers undefined when a day is NULL or does not parse, even after good rows', () => {
    expect(
      splitByDay(
        [
          ['x', '2024-03-01'],
          ['y', null],
        ],
        1,
        1,
      ),
    ).toBeUndefined();
    expect(
      splitByDay(
        [
          ['x', '2024-03-01'],
          ['y', 'soon'],
        ],
        1,
        1,
      ),
    ).toBeUndefined();
  });
});

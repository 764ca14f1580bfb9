import { addText, compareText, NotMergeableError, TextSum } from '../../../proxy/src/tiles/exactText';

describe('exact text arithmetic', () => {
  it('adds decimals at the larger scale without rounding', () => {
    expect(addText('0.10', '0.20')).toBe('0.30');
    expect(addText('-1.5', '0.25')).toBe('-1.25');
    expect(addText('-0.05', '0.01')).toBe('-0.04');
    expect(addText('99999999999999999999.99', '0.01')).toBe('100000000000000000000.00');
  });

  it('adds doubles as doubles and compares numerically, not as text', () => {
    expect(Number(addText('1.5E2', '0.5'))).toBe(150.5);
    expect(compareText('10', '9')).toBe(1);
    expect(compareText('-2.50', '-2.5')).toBe(0);
    expect(compareText('1e3', '999')).toBe(1);
  });

  it('refuses text that is no number, so the request goes the direct path', () => {
    expect(() => addText('NaN', '1')).toThrow(NotMergeableError);
    expect(() => compareText('', '1')).toThrow(NotMergeableError);
  });

  it('sums many values exactly as folding them with addText does, decimals, doubles and their mix alike', () => {
    const runs = [
      ['0.10', '0.20', '-0.30', '5'],
      ['1.5E2', '0.5', '2', '0.25'],
      ['0.1', '1e21', '1', '-1e21', '0.05'],
      ['9007199254740993', '1', '0.001'],
      ['Infinity', '1.5', '2'],
      ['+5', '007.50'],
    ];
    for (const values of runs) {
      const sum = new TextSum(values[0]);
      for (const value of values.slice(1)) sum.add(value);
      expect(sum.total()).toBe(values.slice(1).reduce(addText, values[0]));
    }
    expect(new TextSum('+5').total()).toBe('+5'); // a single value keeps its text
  });

  it('refuses in a running sum what addText refuses', () => {
    const sum = new TextSum('1');
    expect(() => sum.add('not a number')).toThrow(NotMergeableError);
    const blank = new TextSum('');
    expect(() => blank.add('1')).toThrow(NotMergeableError);
  });
});

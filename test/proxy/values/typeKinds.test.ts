import { parseAthenaType, type TypeKind } from '../../../proxy/src/values/typeKinds';

describe('parseAthenaType', () => {
  it.each<[string, TypeKind]>([
    ['tinyint', 'integer'],
    ['SMALLINT', 'integer'],
    ['int', 'integer'],
    ['integer', 'integer'],
    [' bigint ', 'integer'],
    ['decimal', 'decimal'],
    ['decimal(10,2)', 'decimal'],
    ['DECIMAL( 38 , 10 )', 'decimal'],
    ['decimal(5)', 'decimal'],
    ['real', 'float'],
    ['float', 'float'],
    ['double', 'float'],
    ['boolean', 'boolean'],
    ['string', 'text'],
    ['varchar', 'text'],
    ['varchar(255)', 'text'],
    ['char(3)', 'text'],
    ['date', 'date'],
    ['timestamp', 'timestamp'],
    ['timestamp(3)', 'timestamp'],
    ['timestamp with time zone', 'timestampTz'],
    ['TIMESTAMP(3)   WITH  TIME ZONE', 'timestampTz'],
    ['array<string>', 'complex'],
    ['map<string,int>', 'complex'],
    ['struct<a:int,b:array<struct<c:string>>>', 'complex'],
    ['ARRAY< MAP<string, bigint> >', 'complex'],
    ['row(a integer, b varchar)', 'complex'],
    ['row(a row(b int), c array(int))', 'complex'],
    ['json', 'complex'],
    ['binary', 'binary'],
    ['varbinary', 'binary'],
    ['interval day to second', 'unsupported'],
    ['interval year to month', 'unsupported'],
    ['time', 'unsupported'],
    ['unknown', 'unsupported'],
    ['array<string', 'unsupported'],
    ['struct<>', 'unsupported'],
    ['map<string,int>>', 'unsupported'],
    ['decimal(10,x)', 'unsupported'],
    ['', 'unsupported'],
  ])('%s → %s', (text, kind) => {
    expect(parseAthenaType(text).kind).toBe(kind);
  });

  it('normalises case and whitespace in the type text', () => {
    expect(parseAthenaType('  Decimal( 10 , 2 ) ').text).toBe('decimal(10,2)');
    expect(parseAthenaType('Timestamp(3)  With Time   Zone').text).toBe('timestamp(3) with time zone');
  });
});

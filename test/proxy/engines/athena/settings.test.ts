import { loadAthenaSettings } from '../../../../proxy/src/engines/athena/settings';

describe('loadAthenaSettings', () => {
  it('parses databases and the optional table allow-list', () => {
    const s = loadAthenaSettings({ ATHENA_WORKGROUP: 'wg', ATHENA_DATABASES: 'a, b', ATHENA_TABLES: 'a.t1,a.t2,b.t3' });
    expect(s).toMatchObject({
      workGroup: 'wg',
      databases: ['a', 'b'],
      tables: { a: ['t1', 't2'], b: ['t3'] },
      region: 'us-east-1',
    });
  });

  it('leaves tables open when no allow-list is given', () => {
    expect(loadAthenaSettings({ ATHENA_WORKGROUP: 'wg', ATHENA_DATABASES: 'a' }).tables).toBeUndefined();
  });

  it.each([
    [{ ATHENA_DATABASES: 'a' }, 'ATHENA_WORKGROUP is required'],
    [{ ATHENA_WORKGROUP: 'wg' }, 'ATHENA_DATABASES must list'],
    [{ ATHENA_WORKGROUP: 'wg', ATHENA_DATABASES: 'a', ATHENA_TABLES: 'justatable' }, 'database.table'],
  ])('refuses %p', (env, message) => {
    expect(() => loadAthenaSettings(env)).toThrow(message);
  });
});

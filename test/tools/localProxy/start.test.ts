/** `npm start` options of the keyless mode and the access-rules file loader. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAccessRules, parseStartArgs } from '../../../tools/localProxy/start';

describe('npm start options', () => {
  it('accepts --oidc-issuer with --oidc-audience and --access-rules', () => {
    expect(
      parseStartArgs([
        '--oidc-issuer',
        'http://127.0.0.1:9000',
        '--oidc-audience',
        'aud-1',
        '--access-rules',
        'r.json',
      ]),
    ).toMatchObject({ oidcIssuer: 'http://127.0.0.1:9000', oidcAudience: 'aud-1', accessRules: 'r.json' });
    expect(() => parseStartArgs(['--oidc-issuer', 'http://127.0.0.1:9000'])).toThrow('go together');
    expect(() => parseStartArgs(['--oidc-issuer', 'ftp://x', '--oidc-audience', 'a'])).toThrow('http(s) URL');
  });

  it('loads a rules file, and names the file and the problem when it is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ rules: [{ who: ['*'], tables: ['*'] }] }));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(loadAccessRules(join(dir, 'ok.json')).rules).toHaveLength(1);
    expect(() => loadAccessRules(join(dir, 'bad.json'))).toThrow(/Cannot read access rules .*bad\.json/);
    expect(() => loadAccessRules(join(dir, 'missing.json'))).toThrow(/Cannot read access rules/);
  });
});

/**
 * Conformance of the BUILT connector (docs/reference-looker-studio.md#conformance-checks, checks 1, 2, 14, 15): the
 * artifact clasp pushes, loaded in a context that holds only the Apps Script fakes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { buildConnector, ENTRY_POINTS, type ConnectorBuild } from '../../tools/build/buildConnector';
import { REPOSITORY_URL } from '../../connector/src/links';
import { createAppsScriptServices, type AppsScriptServices } from '../../tools/appsScript/appsScriptServices';
import { loadBundle } from '../../tools/appsScript/loadBundle';
import { findForbiddenGlobals, hasModuleSyntax } from './bundleChecks';

const ROOT = path.resolve(__dirname, '..', '..');
let built: ConnectorBuild;
let code: string;
let outDir: string;
const worlds: AppsScriptServices[] = [];

function world(options?: Parameters<typeof createAppsScriptServices>[0]): AppsScriptServices {
  const created = createAppsScriptServices(options);
  worlds.push(created);
  return created;
}

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-build-'));
  built = await buildConnector(outDir);
  code = fs.readFileSync(built.bundlePath, 'utf8');
});

afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('is a classic script with no module syntax and no forbidden globals', () => {
    expect(() => new vm.Script(code)).not.toThrow();
    expect(hasModuleSyntax(code)).toBe(false);
    expect(findForbiddenGlobals(code)).toEqual([]);
  });

  it('the checks themselves catch what they look for', () => {
    expect(
      findForbiddenGlobals('var o = { crypto: 1 }; o.crypto; function f(URL) { return URL; } new URL("x"); fetch(o);'),
    ).toEqual(['fetch', 'URL']);
    expect(hasModuleSyntax('export const a = 1;')).toBe(true);
    expect(hasModuleSyntax('const m = import("x");')).toBe(true);
  });

  it('declares every entry point as a top-level function, callable by name in an Apps Script-like context', () => {
    const loaded = loadBundle(built.bundlePath, world());
    for (const name of ENTRY_POINTS) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
      expect(loaded.hasFunction(name)).toBe(true);
    }
  });

  it('touches no Apps Script service while loading', () => {
    const services = world();
    const touched: string[] = [];
    const spied = Object.fromEntries(
      Object.entries(services.globals).map(([name, value]) => [
        name,
        new Proxy(value as object, {
          get(target, key) {
            touched.push(`${name}.${String(key)}`);
            return Reflect.get(target, key);
          },
        }),
      ]),
    );
    vm.runInContext(code, vm.createContext(spied), { filename: 'Code.gs' });
    expect(touched).toEqual([]);
  });

  it('bundles only connector and protocol code (nothing of the proxy, tools or Node)', () => {
    expect(
      built.inputs.filter((input) => !input.startsWith('connector/src/') && !input.startsWith('protocol/')),
    ).toEqual([]);
  });
});

describe('entry points without a proxy', () => {
  it('getAuthType answers PATH_USER_PASS with the credentials help URL', () => {
    const loaded = loadBundle(built.bundlePath, world());
    expect(loaded.invoke('getAuthType')).toEqual({ type: 'PATH_USER_PASS', helpUrl: `${REPOSITORY_URL}#credentials` });
  });

  it('isAdminUser is false by default and true only for ADMIN_EMAILS', () => {
    const plain = world({ userEmail: 'analyst@example.com' });
    expect(loadBundle(built.bundlePath, plain).invoke('isAdminUser')).toBe(false);
    const admin = world({ userEmail: 'Owner@Example.com' });
    admin.scriptProperties.setProperty('ADMIN_EMAILS', 'owner@example.com, ops@example.com');
    expect(loadBundle(built.bundlePath, admin).invoke('isAdminUser')).toBe(true);
  });

  it('isAuthValid is false and getConfig is a readable user error before any credentials are set', () => {
    const loaded = loadBundle(built.bundlePath, world());
    expect(loaded.invoke('isAuthValid')).toBe(false);
    expect(loaded.call('getConfig', { languageCode: 'en' })).toEqual({
      ok: false,
      userError: { text: expect.stringMatching(/No query proxy credentials/), debugText: expect.any(String) },
    });
  });

  it('setCredentials with a malformed key answers INVALID_CREDENTIALS and stores nothing', () => {
    const services = world();
    const loaded = loadBundle(built.bundlePath, services);
    const result = loaded.invoke('setCredentials', {
      pathUserPass: { path: 'https://x.example.com/prod', username: 'bad', password: 's3cret' },
    });
    expect(result).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(services.userProperties.getKeys()).toEqual([]);
    expect(services.logs.join('\n')).not.toContain('s3cret');
  });
});

describe('the manifest and clasp config', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'appsscript.json'), 'utf8'));

  it('is copied next to the bundle unchanged', () => {
    expect(JSON.parse(fs.readFileSync(built.manifestPath, 'utf8'))).toEqual(manifest);
  });

  it('runs on V8 with Stackdriver logging and minimal scopes including external requests and openid (keyless)', () => {
    expect(manifest).toMatchObject({ runtimeVersion: 'V8', exceptionLogging: 'STACKDRIVER' });
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/userinfo.email',
      'openid',
    ]);
  });

  it('has a complete dataStudio section consistent with getAuthType and the repository URL', () => {
    const ds = manifest.dataStudio;
    for (const key of ['name', 'company', 'companyUrl', 'logoUrl', 'addonUrl', 'supportUrl', 'description']) {
      expect(typeof ds[key]).toBe('string');
      expect(ds[key].length).toBeGreaterThan(0);
    }
    expect(ds.name.length).toBeLessThanOrEqual(28);
    expect(ds.shortDescription.length).toBeLessThanOrEqual(114);
    expect(ds.authType).toEqual(['PATH_USER_PASS']);
    expect(ds.feeType).toEqual(['FREE']);
    for (const key of ['companyUrl', 'logoUrl', 'addonUrl', 'supportUrl'])
      expect(ds[key].startsWith(REPOSITORY_URL)).toBe(true);
  });

  it('allow-lists only https prefixes with a path', () => {
    for (const prefix of manifest.urlFetchWhitelist) expect(prefix).toMatch(/^https:\/\/[^/]+\/.*$/);
  });

  it('.clasp.json pushes the build output folder', () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'))).toMatchObject({
      rootDir: 'dist/connector',
    });
  });
});

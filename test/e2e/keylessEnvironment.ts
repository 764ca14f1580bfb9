/**
 * End-to-end environment for the keyless mode: the e2e lake, the built bundle, and a child process serving a local
 * OIDC issuer plus the local proxy in identity mode with access rules and no access key (serveKeylessProxy.ts).
 * A viewer's world gets a minted ID token as ScriptApp.getIdentityToken() and the regional STS host mapped to the
 * local proxy, then signs in through the auth dialog with a role ARN and the password `google`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildConnector } from '../../tools/build/buildConnector';
import { createAppsScriptServices } from '../../tools/appsScript/appsScriptServices';
import { loadBundle } from '../../tools/appsScript/loadBundle';
import type { World } from './e2eEnvironment';
import { createE2eLake } from './e2eLake';

const ROOT = path.resolve(__dirname, '..', '..');
export const KEYLESS_AUDIENCE = 'e2e-client-7.apps.example.test';
export const KEYLESS_ROLE_ARN = 'arn:aws:iam::000000000000:role/looker-viewer';
/** Where the connector sends STS calls for a us-east-1 proxy (the local proxy's region). */
export const STS_ORIGIN = 'https://sts.us-east-1.amazonaws.com';

export interface ViewerWorld extends World {
  /** What getIdentityToken returns from now on (a token, or a function that throws). */
  setIdentityToken(token: string | (() => string)): void;
}

export interface KeylessEnvironment {
  proxyUrl: string;
  issuerUrl: string;
  mint(sub: string, email: string, query?: Record<string, string>): Promise<string>;
  /** A viewer's world; signed in (keyless) unless `signIn` is false. */
  viewer(sub: string, email: string, options?: { signIn?: boolean }): Promise<ViewerWorld>;
  close(): Promise<void>;
}

export async function startKeylessEnvironment(rules: unknown): Promise<KeylessEnvironment> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-e2e-'));
  const lakeDir = path.join(tempDir, 'lake');
  await createE2eLake(lakeDir);
  const { bundlePath } = await buildConnector(path.join(tempDir, 'dist'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 'serveKeylessProxy.ts'),
      JSON.stringify({ lakeDir, audience: KEYLESS_AUDIENCE, rules }),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  const [proxyUrl, issuerUrl] = await new Promise<[string, string]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`keyless proxy exited with ${code}: ${output}`)));
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const ready = /READY (\S+) (\S+)/.exec(output);
      if (ready) {
        child.removeAllListeners('exit');
        resolve([ready[1], ready[2]]);
      }
    });
  });
  const closers: (() => Promise<void>)[] = [];
  const mint = async (sub: string, email: string, query: Record<string, string> = {}) => {
    const response = await fetch(`${issuerUrl}/mint?${new URLSearchParams({ sub, email, ...query })}`);
    return ((await response.json()) as { id_token: string }).id_token;
  };
  return {
    proxyUrl,
    issuerUrl,
    mint,
    async viewer(sub, email, options = {}) {
      let identity: () => string = () => token;
      const token = await mint(sub, email);
      const services = createAppsScriptServices({
        userEmail: email,
        identityToken: () => identity(),
        hostMap: { [STS_ORIGIN]: proxyUrl },
      });
      closers.push(() => services.close());
      const connector = loadBundle(bundlePath, services);
      if (options.signIn !== false) {
        const answer = connector.invoke<{ errorCode: string }>('setCredentials', {
          pathUserPass: { path: proxyUrl, username: KEYLESS_ROLE_ARN, password: 'google' },
        });
        if (answer.errorCode !== 'NONE')
          throw new Error(`keyless sign-in failed: ${JSON.stringify(answer)} ${services.logs.join('\n')}`);
      }
      return {
        connector,
        services,
        setIdentityToken(next) {
          identity = typeof next === 'string' ? () => next : next;
        },
      };
    },
    async close() {
      await Promise.all(closers.map((close) => close()));
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin?.end();
      });
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

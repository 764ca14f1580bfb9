/**
 * One end-to-end environment: a temporary lake, the connector built into a temporary folder, the local proxy in a
 * child process, and Apps Script "worlds" (harness services + the loaded bundle) signed in like Looker Studio's
 * auth dialog would. `close()` stops every process and worker it started and deletes the folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceSettings } from '../../proxy/src/config';
import { buildConnector } from '../../tools/build/buildConnector';
import {
  createAppsScriptServices,
  type AppsScriptOptions,
  type AppsScriptServices,
} from '../../tools/appsScript/appsScriptServices';
import { loadBundle, type LoadedConnector } from '../../tools/appsScript/loadBundle';
import { createE2eLake } from './e2eLake';

const ROOT = path.resolve(__dirname, '..', '..');

/** The key pair the proxy accepts (never a real AWS key). */
export const E2E_CREDENTIALS = {
  accessKeyId: 'AKIDE2ETEST00000001',
  secretAccessKey: 'e2e/Secret+Key/DoNotLog0123456789',
};

/** One user's Apps Script world with the bundle loaded. */
export interface World {
  connector: LoadedConnector;
  services: AppsScriptServices;
}

/** A running end-to-end environment. */
export interface E2eEnvironment {
  lakeDir: string;
  ordersFolder: string;
  proxyUrl: string;
  bundlePath: string;
  /** A fresh Apps Script world with the bundle loaded; signed in unless `signIn` is false. */
  world(options?: AppsScriptOptions & { signIn?: boolean }): World;
  close(): Promise<void>;
}

/**
 * Starts everything; proxy settings default to a 0 ms wait budget (every query polls) and tiny pages.
 * `addTables` may write more table folders into the lake before the proxy starts.
 */
export async function startE2eEnvironment(
  settings: Partial<ServiceSettings> = {},
  addTables?: (lakeDir: string) => Promise<void>,
): Promise<E2eEnvironment> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-e2e-'));
  const lakeDir = path.join(tempDir, 'lake');
  let prepared: { ordersFolder: string; bundlePath: string; proxy: ProxyProcess };
  try {
    const ordersFolder = await createE2eLake(lakeDir);
    await addTables?.(lakeDir);
    const { bundlePath } = await buildConnector(path.join(tempDir, 'dist'));
    const proxy = await startProxyProcess({
      lakeDir,
      credentials: E2E_CREDENTIALS,
      settings: { waitBudgetMs: 0, pageTargetBytes: 10_000, ...settings },
    });
    prepared = { ordersFolder, bundlePath, proxy };
  } catch (error) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  const { ordersFolder, bundlePath, proxy } = prepared;
  const worlds: AppsScriptServices[] = [];
  return {
    lakeDir,
    ordersFolder,
    proxyUrl: proxy.url,
    bundlePath,
    world(options = {}) {
      const services = createAppsScriptServices(options);
      worlds.push(services);
      const connector = loadBundle(bundlePath, services);
      if (options.signIn !== false) {
        const answer = connector.invoke<{ errorCode: string }>('setCredentials', {
          pathUserPass: {
            path: proxy.url,
            username: E2E_CREDENTIALS.accessKeyId,
            password: E2E_CREDENTIALS.secretAccessKey,
          },
        });
        if (answer.errorCode !== 'NONE') throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
      }
      return { connector, services };
    },
    async close() {
      await Promise.all(worlds.map((w) => w.close()));
      await proxy.close();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

interface ProxyProcess {
  url: string;
  close(): Promise<void>;
}

function startProxyProcess(options: object): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'serveProxy.ts'), JSON.stringify(options)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`proxy process exited with ${code}: ${output}`)));
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const url = /READY (\S+)/.exec(output)?.[1];
      if (!url) return;
      child.removeAllListeners('exit');
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin?.end();
          }),
      });
    });
  });
}

/**
 * A local proxy in identity mode over the end-to-end lake, a trusted local OIDC issuer and an untrusted second one,
 * plus helpers to exchange tokens at the proxy's STS endpoint (with the AWS SDK's own STS client) and to call the
 * API signed with the resulting temporary credentials. Used by the keyless security tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromWebToken } from '@aws-sdk/credential-provider-web-identity';
import { IDENTITY_TOKEN_HEADER } from '../../protocol/contract';
import { parseAccessRules } from '../../proxy/src/access/accessRules';
import { startLocalServer, type LocalServer } from '../../proxy/src/local/localServer';
import { startLocalIssuer, type LocalIssuer } from '../../tools/localIdentity/localIssuer';
import { createE2eLake } from '../e2e/e2eLake';
import { signedFetch, type CallResult, type SignedCall, type TestCredentials } from '../../tools/signing/signedFetch';

export const AUDIENCE = 'local-client-1.apps.example.test';
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/looker-viewer';
/** Static key the server also accepts (key mode); never a real AWS key. */
export const STATIC_KEY = {
  accessKeyId: 'LOCALKEYLESSTEST0001',
  secretAccessKey: 'keyless/Test+Secret/0123456789abcdef',
};

/** EU viewers see only Berlin orders, the staff domain sees every row; nobody else is allowed. */
export const RULES = {
  groups: { eu: ['@eu.example.com'] },
  rules: [
    {
      name: 'eu-berlin',
      who: ['group:eu'],
      tables: ['lake.e2e_orders_1_0_0'],
      rowFilters: { 'lake.e2e_orders_1_0_0': [{ column: 'city', operator: 'EQUALS', values: ['Berlin'] }] },
    },
    { name: 'staff', who: ['@example.com'], tables: ['lake.*'] },
  ],
};

export interface Viewer {
  credentials: TestCredentials & { expiration?: Date };
  idToken: string;
}

export interface KeylessWorld {
  server: LocalServer;
  trusted: LocalIssuer;
  untrusted: LocalIssuer;
  logs: Record<string, unknown>[];
  /** The raw STS call (form POST at the root URL). */
  sts(params: Record<string, string>, via?: 'form' | 'query'): Promise<{ status: number; text: string }>;
  /** Token → temporary credentials through the AWS SDK's STS client; session name = subject, as the connector does. */
  signIn(sub: string, email: string, durationSeconds?: number): Promise<Viewer>;
  call(viewer: Viewer, call: SignedCall): Promise<CallResult>;
  close(): Promise<void>;
}

export async function startKeylessWorld(settings = {}): Promise<KeylessWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-'));
  await createE2eLake(path.join(dir, 'lake'));
  const trusted = await startLocalIssuer({ audience: AUDIENCE });
  const untrusted = await startLocalIssuer({ audience: AUDIENCE });
  const logs: Record<string, unknown>[] = [];
  const server = await startLocalServer({
    lakeDir: path.join(dir, 'lake'),
    port: 0,
    credentials: STATIC_KEY,
    identity: { issuer: trusted.issuer, audience: AUDIENCE },
    accessRules: parseAccessRules(RULES),
    settings: { waitBudgetMs: 5000, ...settings },
    log: (line) => logs.push(line),
  });
  const sts: KeylessWorld['sts'] = async (params, via = 'form') => {
    const form = new URLSearchParams(params).toString();
    const response =
      via === 'form'
        ? await fetch(`${server.url}/`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form,
          })
        : await fetch(`${server.url}/?${form}`);
    return { status: response.status, text: await response.text() };
  };
  return {
    server,
    trusted,
    untrusted,
    logs,
    sts,
    async signIn(sub, email, durationSeconds) {
      const idToken = await trusted.mint({ sub, email });
      const provider = fromWebToken({
        roleArn: ROLE_ARN,
        roleSessionName: sub,
        webIdentityToken: idToken,
        ...(durationSeconds ? { durationSeconds } : {}),
        clientConfig: { endpoint: `${server.url}/`, region: 'us-east-1' },
      });
      const credentials = await provider();
      return { credentials, idToken };
    },
    call(viewer, call) {
      // An empty idToken sends no identity header at all.
      const identity: Record<string, string> = viewer.idToken === '' ? {} : { [IDENTITY_TOKEN_HEADER]: viewer.idToken };
      return signedFetch(server.url, viewer.credentials, { ...call, headers: { ...identity, ...call.headers } });
    },
    async close() {
      await server.close();
      await trusted.close();
      await untrusted.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A POST /v1/queries body for the orders table. */
export function ordersQuery(fields: string[], extra: Record<string, unknown> = {}): SignedCall {
  return {
    method: 'POST',
    path: '/v1/queries',
    body: JSON.stringify({
      database: 'lake',
      table: 'e2e_orders_1_0_0',
      fields: fields.map((name) => ({ name })),
      ...extra,
    }),
  };
}

/** POST a JSON body to the proxy, signed with SigV4 by the AWS SDK's signer (as `npm run call` does). */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

export async function signedPost(
  baseUrl: string,
  path: string,
  body: string,
  credentials: SigningCredentials,
): Promise<{ status: number; json: any }> {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}${path}`);
  const signer = new SignatureV4({ service: 'execute-api', region: credentials.region, sha256: Sha256, credentials });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    }),
  );
  const response = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch {
    return { status: response.status, json: { text } };
  }
}

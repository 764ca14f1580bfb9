/**
 * Keyless sign-in for the command-line tools, the way the connector does it (docs/keyless.md#local): an ID token
 * for EMAIL from the local issuer (`npm run identity`), exchanged at the proxy's own STS endpoint (its root URL,
 * AssumeRoleWithWebIdentity) for temporary credentials that sign like any other key.
 */
import { createHash } from 'node:crypto';
import { describeUnreachable } from './unreachable';

/** Where `npm run identity` listens unless told otherwise. */
export const DEFAULT_ISSUER = 'http://127.0.0.1:8788';
/** Locally any well-formed role ARN is accepted; the audience check is the role's trust condition. */
export const LOCAL_KEYLESS_ROLE = 'arn:aws:iam::000000000000:role/local-keyless-viewer';

export interface KeylessCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The ID token itself: keyless requests carry it, signed, in the identity header (SECURITY.md). */
  idToken: string;
}

async function fetchNamed(url: string, init: RequestInit | undefined, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const unreachable = describeUnreachable(err, url);
    throw new Error(unreachable ? `${what}: ${unreachable.replace('the proxy', 'it')}` : String(err), { cause: err });
  }
}

/** Mints a Google-shaped ID token for `email` at the local issuer; the subject is derived from the e-mail. */
export function subjectFor(email: string): string {
  return BigInt(`0x${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 15)}`).toString();
}

export async function mintIdToken(issuer: string, email: string): Promise<string> {
  const sub = subjectFor(email);
  const url = `${issuer.replace(/\/+$/, '')}/mint?sub=${sub}&email=${encodeURIComponent(email)}`;
  const response = await fetchNamed(url, undefined, `local issuer ${issuer} (start it with npm run identity)`);
  const json = (await response.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!response.ok || !json.id_token)
    throw new Error(`local issuer ${issuer} minted no token: HTTP ${response.status} ${json.error ?? ''}`.trim());
  return json.id_token;
}

function xmlTag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** Exchanges `idToken` at the proxy's STS endpoint for temporary credentials; STS's own error text otherwise. */
export async function assumeAsViewer(proxy: string, idToken: string, sessionName: string): Promise<KeylessCredentials> {
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: LOCAL_KEYLESS_ROLE,
    RoleSessionName: sessionName,
    WebIdentityToken: idToken,
  });
  const url = `${proxy.replace(/\/+$/, '')}/`;
  const response = await fetchNamed(
    url,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    `the proxy's STS endpoint`,
  );
  const xml = await response.text();
  const [accessKeyId, secretAccessKey, sessionToken] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken'].map((name) =>
    xmlTag(xml, name),
  );
  if (!response.ok || !accessKeyId || !secretAccessKey || !sessionToken) {
    const reason = xmlTag(xml, 'Message') ?? xmlTag(xml, 'Code') ?? `HTTP ${response.status}`;
    throw new Error(
      `STS at ${url} refused the identity token: ${reason}` +
        ' (is the proxy started with --oidc-issuer <the issuer> --oidc-audience <its audience>?)',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken, idToken };
}

/** Mints a token for `email` and exchanges it: the credentials a keyless viewer signs with. */
export async function viewerCredentials(options: {
  proxy: string;
  issuer: string;
  email: string;
}): Promise<KeylessCredentials> {
  // The role session name is the token's subject, as the connector sets it.
  return assumeAsViewer(options.proxy, await mintIdToken(options.issuer, options.email), subjectFor(options.email));
}

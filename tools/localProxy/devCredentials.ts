/**
 * Credentials of the local proxy: from env PROXY_ACCESS_KEY_ID / PROXY_SECRET_ACCESS_KEY (optional
 * PROXY_SESSION_TOKEN), else a generated dev key saved in `.local/dev-credentials.json` (git-ignored, mode 0600)
 * and reused on later starts. Key ids start with LOCAL so they can never be mistaken for real AWS keys.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  /** Where they came from, for the start-up banner. */
  source: 'env' | 'file' | 'generated';
}

export const DEV_CREDENTIALS_FILE = '.local/dev-credentials.json';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function generate(region: string): DevCredentials {
  const id = Array.from(randomBytes(15), (b) => ALPHABET[b % 32]).join('');
  return {
    accessKeyId: `LOCAL${id}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    region,
    source: 'generated',
  };
}

export function loadDevCredentials(
  env: Record<string, string | undefined>,
  file = DEV_CREDENTIALS_FILE,
): DevCredentials {
  const region = env.AWS_REGION || 'us-east-1';
  if (env.PROXY_ACCESS_KEY_ID || env.PROXY_SECRET_ACCESS_KEY) {
    if (!env.PROXY_ACCESS_KEY_ID || !env.PROXY_SECRET_ACCESS_KEY) {
      throw new Error('Set both PROXY_ACCESS_KEY_ID and PROXY_SECRET_ACCESS_KEY, or neither (a dev key is generated).');
    }
    const sessionToken = env.PROXY_SESSION_TOKEN || undefined;
    return {
      accessKeyId: env.PROXY_ACCESS_KEY_ID,
      secretAccessKey: env.PROXY_SECRET_ACCESS_KEY,
      sessionToken,
      region,
      source: 'env',
    };
  }
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevCredentials>;
    if (typeof saved.accessKeyId === 'string' && typeof saved.secretAccessKey === 'string') {
      return { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey, region, source: 'file' };
    }
  }
  const created = generate(region);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey, region }, null, 2)}\n`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return created;
}

/**
 * `npm run identity -- [--audience AUD] [--port N]`: runs the local OIDC issuer until interrupted and
 * prints how to start the proxy against it and how to mint a token (docs/keyless.md#local).
 */
import { startLocalIssuer } from './localIssuer';
import { DEFAULT_ISSUER } from '../cliSupport/keyless';

const HELP = `Usage: npm run identity -- [--audience AUD] [--port N]

Runs a local OpenID Connect issuer on 127.0.0.1 until interrupted (docs/keyless.md#local): discovery document,
JWKS, and GET /mint?sub=…&email=… → {"id_token": "…"}.
  --audience AUD   the audience its tokens carry (default local-client.apps.example.test)
  --port N         port to listen on (default ${DEFAULT_ISSUER.split(':').pop()}, where --identity looks; 0 picks a free one)
  --help           show this text
`;

/** The options, 'help', or an error for anything unknown. */
export function parseIdentityArgs(argv: readonly string[]): { audience: string; port: number } | 'help' {
  const args = { audience: 'local-client.apps.example.test', port: Number(DEFAULT_ISSUER.split(':').pop()) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value (see --help)`);
    if (flag === '--audience') args.audience = value;
    else if (flag === '--port' && /^\d+$/.test(value) && Number(value) <= 65535) args.port = Number(value);
    else throw new Error(`Bad option ${flag} ${value} (see --help)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseIdentityArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const { audience } = args;
  const issuer = await startLocalIssuer({ audience, port: args.port });
  console.log(`Local OIDC issuer: ${issuer.issuer}  (JWKS ${issuer.jwksUri})
Start the proxy against it:
  npm start -- --oidc-issuer ${issuer.issuer} --oidc-audience ${audience}
Mint an ID token:
  curl '${issuer.issuer}/mint?sub=1001&email=analyst@example.com'
Or sign as a keyless viewer straight away:
  npm run call -- GET /v1/catalog --identity analyst@example.com --issuer ${issuer.issuer}
  npm run connector -- getData examples/getData.json --identity analyst@example.com --issuer ${issuer.issuer}`);
  const stop = () => void issuer.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const inUse = (err as { code?: string }).code === 'EADDRINUSE';
    const hint = inUse ? ' (the port is taken: pass --port N, or --port 0 for a free one)' : '';
    console.error(`local issuer failed: ${err instanceof Error ? err.message : String(err)}${hint}`);
    process.exit(1);
  });
}

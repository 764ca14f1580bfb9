/**
 * `npm run identity -- [--audience AUD] [--port N]`: runs the local OIDC issuer until interrupted and
 * prints how to start the proxy against it and how to mint a token (docs/keyless.md#local).
 */
import { startLocalIssuer } from './localIssuer';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const audience = flag('--audience') ?? 'local-client.apps.example.test';
  const issuer = await startLocalIssuer({ audience, port: Number(flag('--port') ?? 0) });
  console.log(`Local OIDC issuer: ${issuer.issuer}  (JWKS ${issuer.jwksUri})
Start the proxy against it:
  npm start -- --oidc-issuer ${issuer.issuer} --oidc-audience ${audience}
Mint an ID token:
  curl '${issuer.issuer}/mint?sub=1001&email=analyst@example.com'`);
  const stop = () => void issuer.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`local issuer failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

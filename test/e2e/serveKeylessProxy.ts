/**
 * Child-process entry for the keyless end-to-end tests: a local OIDC issuer (tools/localIdentity) and the local
 * proxy in identity mode with access rules and NO access key. Both live here because the Apps Script harness's
 * synchronous UrlFetchApp blocks the test's thread, which must not also serve the issuer's key set.
 * Options: JSON in argv[2] (`lakeDir`, `audience`, `rules`); prints `READY <proxyUrl> <issuerUrl>`; exits when
 * stdin closes.
 */
import { parseAccessRules } from '../../proxy/src/access/accessRules';
import { startLocalServer } from '../../proxy/src/local/localServer';
import { startLocalIssuer } from '../../tools/localIdentity/localIssuer';

async function serve(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as { lakeDir: string; audience: string; rules: unknown };
  const verbose = process.env.E2E_PROXY_LOG === '1';
  const issuer = await startLocalIssuer({ audience: options.audience });
  const server = await startLocalServer({
    lakeDir: options.lakeDir,
    port: 0,
    identity: { issuer: issuer.issuer, audience: options.audience },
    accessRules: parseAccessRules(options.rules),
    settings: { waitBudgetMs: 5000, pageTargetBytes: 10_000 },
    log: (line) => {
      if (verbose) process.stderr.write(`${JSON.stringify(line)}\n`);
    },
  });
  const stop = () => {
    void Promise.all([server.close(), issuer.close()]).then(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.stdout.write(`READY ${server.url} ${issuer.issuer}\n`);
}

serve().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

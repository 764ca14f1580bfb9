/**
 * The keyless viewer role of infra/template.yaml: trusted only by accounts.google.com ID tokens whose audience is
 * the connector's client id (and, optionally, whose subject is on the allow-list), and allowed only to invoke the
 * proxy API. The trust condition is evaluated for concrete tokens by a small StringEquals evaluator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCfnTemplate } from './cfnYaml';

// A CloudFormation document, walked by key.
const template = parseCfnTemplate(
  readFileSync(path.join(__dirname, '..', '..', 'infra', 'template.yaml'), 'utf8'),
) as any;
const role = template.Resources.KeylessViewerRole;
const trust = role.Properties.AssumeRolePolicyDocument.Statement as Record<string, any>[];

type Params = { GoogleClientId: string; KeylessAllowedSubjects: string[] };

/** Resolves Ref / Fn::If(HasSubjectAllowList) for the given parameters. */
function resolve(node: any, params: Params): any {
  if (Array.isArray(node)) return node.map((n) => resolve(n, params));
  if (node && typeof node === 'object') {
    if ('Ref' in node) return (params as Record<string, unknown>)[node.Ref];
    if ('Fn::If' in node) {
      const [condition, whenTrue, whenFalse] = node['Fn::If'];
      if (condition !== 'HasSubjectAllowList') throw new Error(`unexpected condition ${condition}`);
      return resolve(params.KeylessAllowedSubjects.join('') !== '' ? whenTrue : whenFalse, params);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, params)]));
  }
  return node;
}

/** Whether STS would let a token with these claims assume the role (only StringEquals is used by the template). */
function mayAssume(params: Params, claims: { iss: string; aud: string; sub: string }): boolean {
  return trust.some((statement) => {
    const s = resolve(statement, params);
    if (s.Effect !== 'Allow' || s.Action !== 'sts:AssumeRoleWithWebIdentity') return false;
    if (s.Principal?.Federated !== claims.iss) return false;
    const operators = Object.keys(s.Condition ?? {});
    if (operators.some((op) => op !== 'StringEquals')) throw new Error(`unevaluated operator in ${operators}`);
    const keys: Record<string, string> = {
      'accounts.google.com:aud': claims.aud,
      'accounts.google.com:sub': claims.sub,
    };
    return Object.entries(s.Condition.StringEquals as Record<string, string | string[]>).every(([key, allowed]) =>
      [allowed].flat().includes(keys[key]),
    );
  });
}

const CLIENT = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';

describe('keyless viewer role', () => {
  it('exists only when a client id is given, and only reads through this API stage (never POST /v1/events)', () => {
    expect(role.Condition).toBe('Keyless');
    expect(template.Conditions.Keyless).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'GoogleClientId' }, ''] }] });
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'invoke-proxy-api',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'InvokeProxyApiToRead',
              Effect: 'Allow',
              Action: 'execute-api:Invoke',
              Resource: ['GET/v1/*', 'POST/v1/queries', 'DELETE/v1/queries/*'].map((route) => ({
                'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/\${StageName}/${route}`,
              })),
            },
          ],
        },
      },
    ]);
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
  });

  it('is trusted by accounts.google.com only, with no wildcard principal in any trust policy of the template', () => {
    expect(trust).toHaveLength(1);
    expect(trust[0].Principal).toEqual({ Federated: 'accounts.google.com' });
    const principals = JSON.stringify(
      Object.values(template.Resources).map((r: any) => r.Properties?.AssumeRolePolicyDocument ?? null),
    );
    expect(principals).not.toMatch(/"\*"/);
  });

  it('cannot be assumed by a token with another audience or from another issuer', () => {
    const params = { GoogleClientId: CLIENT, KeylessAllowedSubjects: [''] };
    expect(mayAssume(params, { iss: 'accounts.google.com', aud: CLIENT, sub: '1001' })).toBe(true);
    expect(
      mayAssume(params, { iss: 'accounts.google.com', aud: '999-other.apps.googleusercontent.com', sub: '1001' }),
    ).toBe(false);
    expect(mayAssume(params, { iss: 'https://evil.example.test', aud: CLIENT, sub: '1001' })).toBe(false);
  });

  it('limits the subjects when an allow-list is given', () => {
    const params = { GoogleClientId: CLIENT, KeylessAllowedSubjects: ['1001', '1002'] };
    expect(mayAssume(params, { iss: 'accounts.google.com', aud: CLIENT, sub: '1002' })).toBe(true);
    expect(mayAssume(params, { iss: 'accounts.google.com', aud: CLIENT, sub: '1003' })).toBe(false);
  });

  it('tells the proxy which role is keyless, the audience, the MAC secret and the rules', () => {
    const env = template.Resources.ProxyFunction.Properties.Environment.Variables;
    expect(env.PROXY_KEYLESS_ROLE_NAME).toEqual({ 'Fn::If': ['Keyless', { Ref: 'KeylessViewerRole' }, ''] });
    expect(env.PROXY_OIDC_AUDIENCE).toEqual({ Ref: 'GoogleClientId' });
    expect(env.PROXY_TOKEN_SECRET).toEqual({
      'Fn::Sub': '{{resolve:secretsmanager:${QueryTokenSecret}:SecretString}}',
    });
    expect(env.PROXY_ACCESS_RULES).toEqual({ Ref: 'AccessRules' });
    expect(new RegExp(template.Parameters.GoogleClientId.AllowedPattern).test(CLIENT)).toBe(true);
  });
});

/**
 * StartQueryExecution answers InvalidRequestException both for problems of the query (its text) and for problems of
 * the deployment (workgroup missing or disabled, no result location, a token reused with other parameters after a
 * configuration change). Only the first kind is the report user's fault (400); the second is the operator's and
 * becomes a 503 whose message says what to fix (docs/athena.md#start-errors). The messages matched are Athena's own
 * wording, as the API double reproduces it.
 */
import { EngineUnavailableError, QueryFailedError, type ProxyError } from '../../errors';
import { awsErrorMessage } from './awsErrors';

interface DeploymentProblem {
  pattern: RegExp;
  reason: string;
  advice: string;
}

const DEPLOYMENT_PROBLEMS: DeploymentProblem[] = [
  {
    pattern: /workgroup\b.*\b(not found|does not exist)/i,
    reason: 'WORKGROUP_NOT_FOUND',
    advice: 'the configured Athena workgroup does not exist; the operator must fix ATHENA_WORKGROUP or deploy it',
  },
  {
    pattern: /workgroup\b.*\bis disabled/i,
    reason: 'WORKGROUP_DISABLED',
    advice: 'the configured Athena workgroup is disabled; the operator must enable it',
  },
  {
    pattern: /output location|outputlocation/i,
    reason: 'NO_OUTPUT_LOCATION',
    advice: "the Athena workgroup has no query result location; the operator must set the workgroup's OutputLocation",
  },
  {
    pattern: /idempotent parameters do not match/i,
    reason: 'IDEMPOTENT_PARAMETERS_MISMATCH',
    advice: 'Athena saw the same request token with other parameters (a configuration change); retry in a minute',
  },
];

/** The proxy error for an InvalidRequestException from StartQueryExecution. */
export function toStartError(err: unknown): ProxyError {
  const message = awsErrorMessage(err);
  const problem = DEPLOYMENT_PROBLEMS.find((candidate) => candidate.pattern.test(message));
  if (!problem) return new QueryFailedError(message || 'Athena refused the query.', 'USER');
  return new EngineUnavailableError(`The proxy cannot start Athena queries: ${problem.advice}.`, {
    reason: problem.reason,
  });
}

/**
 * STS's XML answers (namespace https://sts.amazonaws.com/doc/2011-06-15/): the AssumeRoleWithWebIdentityResponse
 * document and the common ErrorResponse document, as documented in the STS API reference
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Examples).
 */
import type { TemporaryCredential } from './temporaryCredentials';

export interface StsError {
  status: number;
  code: string;
  message: string;
}

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function stsErrorXml(error: StsError, requestId: string): string {
  return `<ErrorResponse xmlns="${NAMESPACE}">
  <Error>
    <Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>
    <Code>${escapeXml(error.code)}</Code>
    <Message>${escapeXml(error.message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`;
}

export interface StsSuccess {
  subject: string;
  audience: string;
  provider: string;
  assumedRoleArn: string;
  assumedRoleId: string;
  credential: TemporaryCredential;
}

export function stsSuccessXml(answer: StsSuccess, requestId: string): string {
  const { credential } = answer;
  const expiration = new Date(credential.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<AssumeRoleWithWebIdentityResponse xmlns="${NAMESPACE}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escapeXml(answer.subject)}</SubjectFromWebIdentityToken>
    <Audience>${escapeXml(answer.audience)}</Audience>
    <AssumedRoleUser>
      <Arn>${escapeXml(answer.assumedRoleArn)}</Arn>
      <AssumedRoleId>${escapeXml(answer.assumedRoleId)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${escapeXml(credential.sessionToken)}</SessionToken>
      <SecretAccessKey>${escapeXml(credential.secretAccessKey)}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${credential.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${escapeXml(answer.provider)}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;
}

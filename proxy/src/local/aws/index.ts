/** What AWS does that the local server must do itself: SigV4 verification, the STS endpoint, credentials. */
export { createCredentialStore, type CredentialEntry } from './credentialStore';
export { answerSts, readStsParams, type StsAnswer, type StsDeps } from './stsEndpoint';
export { stsErrorXml, type StsError } from './stsXml';
export { type TemporaryCredential, TemporaryCredentialStore, toStoredCredential } from './temporaryCredentials';
export { verifySigV4 } from './verifySigV4';

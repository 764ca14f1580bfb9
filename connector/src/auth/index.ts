/** The user's proxy credentials: stored access keys (PATH_USER_PASS) or keyless sign-in through STS. */
export { describeAuthType, forgetCredentials, hasValidCredentials, storeCredentials } from './auth';
export { loadCredentials, type ProxyCredentials } from './credentials';
export { keylessCredentials, loadKeylessSetup } from './keylessCredentials';

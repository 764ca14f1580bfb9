/** The synchronous SigV4 signer over Apps Script byte arrays. */
export { bytesToHex, encodeUtf8 } from './bytes';
export { signRequest, type SigningContext, type SigV4Crypto } from './signer';
export { regionFromExecuteApiHost } from './url';

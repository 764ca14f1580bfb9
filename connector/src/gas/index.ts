/** Apps Script's services behind the connector's ports (connector/src/ports.ts): HTTP, crypto, stores. */
export { createGasServices } from './services';

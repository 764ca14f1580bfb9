/** The HTTP face of the proxy: routes, and the one place errors become HTTP answers. */
export { createHandler, MAX_BODY_BYTES, type ProxyHandler } from './handler';

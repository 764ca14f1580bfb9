/**
 * The one error boundary around every entry point (docs/reference-looker-studio.md#error-handling): whatever goes wrong
 * becomes `newUserError().setText(advice).setDebugText(detail).throwException()`, because any other exception shows
 * non-admins only Looker Studio's opaque "error caused by the community connector" box.
 */
import { adviseOnProxyError, ConnectorError, ProxyResponseError } from './errors';
import { TransportError, type ConnectorServices } from './ports';

const DEBUG_TEXT_LIMIT = 2000;

/** The user-facing and admin-facing text for any thrown value. */
export function describeFailure(error: unknown): { userText: string; debugText: string } {
  if (error instanceof ConnectorError) return { userText: error.userText, debugText: error.debugText };
  if (error instanceof ProxyResponseError) {
    const advice = adviseOnProxyError(error);
    return { userText: advice.userText, debugText: advice.debugText };
  }
  if (error instanceof TransportError) {
    return {
      userText: 'Cannot reach the query proxy. Check that the proxy URL is right and the proxy is running, then retry.',
      debugText: error.message,
    };
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { userText: 'Unexpected error in the connector. Please retry; if it persists, report it.', debugText: detail };
}

/**
 * Runs `body` with freshly built services; any failure is logged (without secrets: texts come from
 * {@link describeFailure}) and rethrown as a Looker Studio user error.
 */
export function withErrorBoundary<T>(
  entryPoint: string,
  createServices: () => ConnectorServices,
  body: (services: ConnectorServices) => T,
): T {
  const services = createServices();
  try {
    return body(services);
  } catch (error) {
    const { userText, debugText } = describeFailure(error);
    const debug = debugText.slice(0, DEBUG_TEXT_LIMIT);
    services.log(`${entryPoint} failed: ${debug}`);
    return services.looker.newUserError().setText(userText).setDebugText(debug).throwException();
  }
}

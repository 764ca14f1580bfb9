/** The data source's configuration: config steps, the parsed config, and the owner's script properties. */
export { renderConfig } from './configRender';
export { buildConfigStep } from './configSteps';
export { type ConnectorConfig, DEFAULT_CACHE_MINUTES, parseConnectorConfig } from './connectorConfig';
export { isAdminEmail, readSettings } from './scriptProperties';

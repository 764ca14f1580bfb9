/** The Athena engine and what it takes to build one (the Lambda entry imports only this module's engine). */
export { createAthenaEngine, type AthenaEngineOptions } from './athenaEngine';
export { createAwsClients, destroyAwsClients, type AwsClientConfig, type AwsClients } from './clients';
export { loadAthenaSettings, type AthenaSettings } from './settings';

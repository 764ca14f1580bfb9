/** What every engine folder's register.ts exports: its name, a --help line and how it is built from settings. */
import type { Logger } from '../logger';
import type { Engine } from './engine';

type Env = Readonly<Record<string, string | undefined>>;

/** What an engine is built from. */
export interface EngineBuildContext {
  /** Settings, as environment variables (each engine documents and validates its own). */
  env: Env;
  log: Logger;
  /** Endpoint overrides for SDK-based engines (tests point them at a loopback double); others ignore it. */
  clientConfig?: SdkClientConfig;
}

/**
 * Where an engine built on a cloud SDK sends its calls instead of the runtime's defaults: a region, an endpoint
 * (the Athena API double, moto_server) and the credentials that endpoint accepts.
 */
export interface SdkClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** One engine, as the composition root (engines/registry.ts) builds it. */
export interface EngineRegistration {
  /** The name `PROXY_ENGINE` selects it by (the engine reports the same name in health answers and stats). */
  name: string;
  /** One line for `--help` texts: what it runs on and which settings it needs. */
  summary: string;
  build(context: EngineBuildContext): Promise<Engine>;
}

/**
 * The one composition root for engines: the local server, the Lambda and the tools build their engine here, by
 * name, from settings. Each engine folder exports one {@link EngineRegistration}; adding an engine is its folder
 * plus one line in {@link ENGINES}. Nothing else in the proxy names an engine.
 */
import type { Engine } from '../core/enginePort';
import type { Logger } from '../logger';
import { athenaRegistration } from './athena/register';
import { duckDbRegistration } from './duckdb/register';

type Env = Readonly<Record<string, string | undefined>>;

/** What an engine is built from. */
export interface EngineBuildContext {
  /** Settings, as environment variables (each engine documents and validates its own). */
  env: Env;
  log: Logger;
  /** Programmatic settings that are not strings (e.g. the Athena engine's SDK client config in tests). */
  extras?: Readonly<Record<string, unknown>>;
}

export interface EngineRegistration {
  /** The name `PROXY_ENGINE` selects it by (the engine reports the same name in health answers and stats). */
  name: string;
  /** One line for `--help` texts: what it runs on and which settings it needs. */
  summary: string;
  build(context: EngineBuildContext): Promise<Engine>;
}

export const ENGINES: readonly EngineRegistration[] = [duckDbRegistration, athenaRegistration];

/** Builds the engine named `name` (`PROXY_ENGINE`), or fails with the list of known names. */
export async function createEngine(
  name: string,
  context: EngineBuildContext,
  registry: readonly EngineRegistration[] = ENGINES,
): Promise<Engine> {
  const registration = registry.find((r) => r.name === name);
  if (!registration) {
    throw new Error(
      `Unknown engine "${name}" (PROXY_ENGINE); known engines: ${registry.map((r) => r.name).join(', ')}`,
    );
  }
  return registration.build(context);
}

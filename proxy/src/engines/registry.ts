/**
 * The one composition root for engines: the local server, the Lambda and the tools build their engine here, by
 * name, from settings. Each engine folder exports one {@link EngineRegistration}; adding an engine is its folder
 * plus one line in {@link ENGINES}. Nothing else in the proxy names an engine.
 */
import type { Engine, EngineBuildContext, EngineRegistration } from '../port';
import { athenaRegistration } from './athena/register';
import { duckDbRegistration } from './duckdb/register';

export type { EngineBuildContext, EngineRegistration };

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

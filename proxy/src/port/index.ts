/** The engine port: what the proxy needs from a query engine, and how an engine registers itself. */
export {
  type Engine,
  type EngineFailure,
  type EngineQueryState,
  type DayPartitionLayout,
  type EngineQueryStatus,
  type EngineSkipped,
  type PartitionObject,
  type PollAdvice,
  type ResultSlice,
  type StartOptions,
  type TableDescription,
} from './engine';
export type { EngineBuildContext, EngineRegistration, SdkClientConfig } from './registration';

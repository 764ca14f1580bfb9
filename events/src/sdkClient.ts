/**
 * The AWS SDK as the sinks use it. The app passes its own configured client (an `S3Client`, a `FirehoseClient`);
 * the package loads the SDK's command classes only when a sink first writes, so an app that tracks to a local folder
 * installs no SDK (they are optional peer dependencies, events/package.json).
 */

/** The one method of an AWS SDK v3 client the sinks call. */
export interface SdkClient {
  send(command: object): Promise<object>;
}

/** Loads the SDK package `name`, or says that the app must install it. */
export async function loadSdk<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = (error as { code?: string }).code;
    if (missing !== 'MODULE_NOT_FOUND' && missing !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`This sink needs the AWS SDK package ${name}: npm install ${name}`, { cause: error });
  }
}

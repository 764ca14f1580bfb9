/**
 * The AWS tile store: one object per tile at `<prefix><key>` in the results bucket, shared by every Lambda
 * instance (docs/tiles.md#the-s3-tile-store). A single PutObject is atomic: S3 never adds partial objects and reads
 * after a write are strongly consistent, so a reader sees the old tile, the new one, or none. Every failure to read
 * (absent, 403 when the role may not list the bucket, network, a body that does not decode) is a miss.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { assertTileKey, decodeTile, encodeTile, type StoredTile, type TileStore } from './tileStore';

export interface S3TileStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, ending with "/" (the template's lifecycle rule expires objects under it). */
  prefix: string;
}

export class S3TileStore implements TileStore {
  constructor(private readonly options: S3TileStoreOptions) {}

  private objectKeyOf(key: string): string {
    assertTileKey(key);
    return `${this.options.prefix}${key}`;
  }

  async get(key: string): Promise<StoredTile | undefined> {
    const Key = this.objectKeyOf(key);
    try {
      const object = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key }));
      const text = await object.Body?.transformToString('utf8');
      return text === undefined ? undefined : decodeTile(key, text);
    } catch {
      return undefined;
    }
  }

  /** Rejects on failure like the local store; the service logs it and answers the query anyway. */
  async put(key: string, tile: StoredTile): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: this.options.bucket,
      Key: this.objectKeyOf(key),
      Body: encodeTile(key, tile),
      ContentType: 'application/json',
    });
    await this.options.client.send(command);
  }
}

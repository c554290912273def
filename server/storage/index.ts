import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError, type ErrorCode } from '../http/errors';
import { newId } from '../ids';
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './permissions';
import { ownTempDir, sweepStaleTemp } from './temp-files';

export { ensurePrivateDir, ensurePrivateFile, restrictIfExists, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './permissions';

export type StoredBlob = { key: string; sha256: string; size: number };

export type PutOptions = { maxBytes?: number; tooLargeCode?: ErrorCode };

export interface BlobStore {
  /** Streams into a temp file, fsyncs, renames: the blob exists whole or not at all. */
  putStream(source: Readable, opts?: PutOptions): Promise<StoredBlob>;
  put(data: Buffer): Promise<StoredBlob>;
  read(key: string): Readable;
  readBuffer(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/**
 * Filesystem blob store under root (DATA_DIR/blobs): unique keys, temp → fsync → rename. On creation
 * it removes the half-written temp files of processes that died mid-upload (kill -9, power loss).
 * Folders are 0700 and blobs (and their temp files) 0600: sealed bids are nobody else's to read.
 */
export function createFsBlobStore(root: string): BlobStore {
  const tmpRoot = path.join(root, 'tmp');
  ensurePrivateDir(root);
  ensurePrivateDir(tmpRoot);
  sweepStaleTemp(tmpRoot);
  const tmpDir = ownTempDir(tmpRoot);
  ensurePrivateDir(tmpDir);
  const fileOf = (key: string): string => {
    if (!/^[0-9A-Z]{26}$/.test(key)) {
      throw new RangeError(`bad blob key: ${key}`);
    }
    return path.join(root, key.slice(-2), key);
  };

  return {
    async putStream(source, opts = {}) {
      const key = newId();
      const tmp = path.join(tmpDir, `${key}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          if (opts.maxBytes !== undefined && size > opts.maxBytes) {
            cb(new HttpError(413, opts.tooLargeCode ?? 'PAYLOAD_TOO_LARGE', `The upload exceeds ${opts.maxBytes} bytes`));
            return;
          }
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      const out = fs.createWriteStream(tmp, { flags: 'wx', mode: PRIVATE_FILE_MODE });
      try {
        await pipeline(source, meter, out);
        await fsyncFile(tmp);
      } catch (err) {
        // NOTE: the write stream opens its file lazily; wait until it is closed, or an open still
        // pending would create the temp file after the rm below.
        await closed(out);
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      const dest = fileOf(key);
      await fsp.mkdir(path.dirname(dest), { recursive: true, mode: PRIVATE_DIR_MODE });
      await fsp.rename(tmp, dest);
      await fsyncFile(path.dirname(dest));
      return { key, sha256: hash.digest('hex'), size };
    },
    async put(data) {
      return this.putStream(Readable.from([data]));
    },
    read(key) {
      return fs.createReadStream(fileOf(key));
    },
    async readBuffer(key) {
      return fsp.readFile(fileOf(key));
    },
    async remove(key) {
      await fsp.rm(fileOf(key), { force: true });
    },
    async exists(key) {
      return fsp.access(fileOf(key)).then(
        () => true,
        () => false,
      );
    },
  };
}

function closed(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) {
      resolve();
      return;
    }
    stream.once('close', () => resolve());
    stream.destroy();
  });
}

/** fsync by path (a file, or a folder after a rename): the blob is on disk before a row names it. */
async function fsyncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs fn with a freshly stored blob; when fn fails the blob is removed (no orphan, no half state). */
export async function keepBlobIf<T>(store: BlobStore, blob: StoredBlob, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await store.remove(blob.key);
    throw err;
  }
}

import fs from 'node:fs';

/**
 * DATA_DIR holds the database, sealed bids, records and keys: only the server's own user may read
 * it (issue 13 finding 13). Folders 0700, files 0600, whatever the umask; existing ones are tightened.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates dir (and missing parents) 0700 and tightens it to 0700 when it already existed. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates file empty 0600 when missing, and tightens it to 0600 when it exists (e.g. a SQLite file before SQLite opens it). */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens file to 0600 if it exists (SQLite's -wal and -shm files, made by SQLite). */
export function restrictIfExists(file: string): void {
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
}

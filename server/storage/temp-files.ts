import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Temp files nobody can own any more (another host's, or from before this layout) go after this long. */
const FOREIGN_STALE_MS = 24 * 3600 * 1000;

/** Temp roots this process has swept: its own folder is judged stale only before its first use. */
const swept = new Set<string>();

const HOST = os.hostname().replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'host';

/**
 * This process's own temp folder under tmpDir (`<host>-<pid>`): an upload streams into it until it
 * is renamed into place. A process killed mid-upload (kill -9, power loss) leaves its half file
 * there; the next process to start removes the folders of dead processes (sweepStaleTemp).
 */
export function ownTempDir(tmpDir: string): string {
  return path.join(tmpDir, `${HOST}-${process.pid}`);
}

/**
 * Removes what dead uploads left in tmpDir: the folders of this host's processes that are no longer
 * running (and, on the first sweep, this process's own: an earlier process with the same pid, as
 * pid 1 in a container), and anything of another host or of an unknown layout older than a day.
 * Live processes sharing DATA_DIR keep theirs.
 */
export function sweepStaleTemp(tmpDir: string, now = Date.now()): string[] {
  const first = !swept.has(path.resolve(tmpDir));
  swept.add(path.resolve(tmpDir));
  const removed: string[] = [];
  for (const entry of fs.readdirSync(tmpDir, { withFileTypes: true })) {
    const full = path.join(tmpDir, entry.name);
    const match = /^(.+)-(\d+)$/.exec(entry.name);
    const pid = entry.isDirectory() && match !== null && match[1] === HOST ? Number(match[2]) : null;
    const stale = pid === null ? isOlderThan(full, now - FOREIGN_STALE_MS) : pid === process.pid ? first : !isRunning(pid);
    if (stale) {
      fs.rmSync(full, { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isOlderThan(file: string, limit: number): boolean {
  try {
    return fs.statSync(file).mtimeMs < limit;
  } catch {
    return false;
  }
}

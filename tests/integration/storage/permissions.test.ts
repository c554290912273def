import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { createTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 13: data files were world-readable (./data 0755, database and blobs 0644). On a
 * fresh DATA_DIR under the usual umask 022, every folder the server makes is 0700 and every file
 * 0600: the SQLite file and its -wal/-shm, blobs and their temp files, keys and certificates. A
 * DATA_DIR (and database file) an earlier version left 0755/0644 is tightened on start.
 */
const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

/** Every path under root with its mode, folders marked with a trailing slash. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full);
      if (e.isDirectory()) {
        out[`${rel}/`] = mode(full);
        walk(full);
      } else {
        out[rel] = mode(full);
      }
    }
  };
  walk(root);
  return out;
}

describeEachDialect('data files are the server user’s alone', (dialect) => {
  let parent: string;
  let dataDir: string;
  let w: TestWorld;
  let umask: number;

  beforeAll(async () => {
    umask = process.umask(0o022);
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'th-perm-'));
    dataDir = path.join(parent, 'data');
    // what an earlier version left: a readable DATA_DIR and database file
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (dialect === 'sqlite') {
      env.DATABASE_URL = `sqlite:${path.join(dataDir, 'tenderhall.db')}`;
      fs.writeFileSync(path.join(dataDir, 'tenderhall.db'), '', { mode: 0o644 });
    }
    w = await createTestWorld(dialect, env);
  });
  afterAll(async () => {
    await w.close();
    process.umask(umask);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('DATA_DIR 0700; database, blobs, temp files, keys and certificates 0600; every folder 0700', async () => {
    const agency = await buildUser(w, 'agency');
    await buildTender(w, agency);
    await w.ctx.storage.put(Buffer.from('a sealed bid'));
    // a temp file while its upload is still streaming
    const source = new Readable({ read() {} });
    const upload = w.ctx.storage.putStream(source);
    source.push(Buffer.alloc(1024));
    const tmpRoot = path.join(dataDir, 'blobs', 'tmp');
    let part: string | undefined;
    for (let i = 0; i < 200 && part === undefined; i++) {
      await new Promise((r) => setTimeout(r, 5));
      part = fs.readdirSync(tmpRoot, { recursive: true }).map(String).find((f) => f.endsWith('.part'));
    }
    expect(part).toBeDefined();
    expect(mode(path.join(tmpRoot, part as string))).toBe('600');
    source.push(null);
    await upload;

    expect(mode(dataDir)).toBe('700');
    const all = modes(dataDir);
    const files = Object.keys(all).filter((p) => !p.endsWith('/'));
    expect(files.filter((p) => p.startsWith(`blobs${path.sep}`) && !p.includes(`${path.sep}tmp${path.sep}`)).length).toBeGreaterThanOrEqual(2);
    expect(files).toEqual(expect.arrayContaining([path.join('keys', 'key-encryption-key'), path.join('ca', 'platform-signing.key')]));
    if (dialect === 'sqlite') {
      expect(files).toEqual(expect.arrayContaining(['tenderhall.db', 'tenderhall.db-wal', 'tenderhall.db-shm']));
    }
    const loose = Object.entries(all).filter(([p, m]) => m !== (p.endsWith('/') ? '700' : '600'));
    expect(loose).toEqual([]);
  });
});

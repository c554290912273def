import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownTempDir, sweepStaleTemp } from '../../../server/storage/temp-files';

describe('stale upload temp files', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'th-tmp-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const folderOf = (pid: number): string => path.basename(ownTempDir(tmp)).replace(/-\d+$/, `-${pid}`);
  const put = (rel: string, ageMs = 0): void => {
    const full = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, 'half a bid');
    const at = new Date(Date.now() - ageMs);
    fs.utimesSync(full, at, at);
    fs.utimesSync(path.dirname(full), at, at);
  };

  it('removes the half files of dead processes and of this pid before its first use, and keeps those of live processes', () => {
    const dead = 2 ** 22 + 12345; // above pid_max's default: no such process
    put(`${folderOf(dead)}/A.part`);
    put(`${folderOf(process.pid)}/B.part`);
    put(`${folderOf(process.ppid)}/C.part`);
    expect(sweepStaleTemp(tmp).sort()).toEqual([folderOf(dead), folderOf(process.pid)].sort());
    expect(fs.readdirSync(tmp)).toEqual([folderOf(process.ppid)]);
    // Once this process uses its folder, a later sweep leaves it alone.
    put(`${folderOf(process.pid)}/D.part`);
    expect(sweepStaleTemp(tmp)).toEqual([]);
  });

  it('removes what another host or an older layout left only after a day', () => {
    put('other-host-42/E.part', 2 * 24 * 3600 * 1000);
    put('F.part', 2 * 24 * 3600 * 1000);
    put('other-host-43/G.part', 60_000);
    put('H.part', 60_000);
    expect(sweepStaleTemp(tmp).sort()).toEqual(['F.part', 'other-host-42']);
    expect(fs.readdirSync(tmp).sort()).toEqual(['H.part', 'other-host-43']);
  });
});

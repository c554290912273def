import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createFsBlobStore } from '../../../server/storage';

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('filesystem blob store', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'th-blobs-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores a blob whole, with its SHA-256 and size', async () => {
    const store = createFsBlobStore(root);
    const blob = await store.putStream(Readable.from([Buffer.from('招标'), Buffer.from('文件')]));
    expect(blob).toEqual({ key: expect.stringMatching(/^[0-9A-Z]{26}$/), size: 12, sha256: createHash('sha256').update('招标文件').digest('hex') });
    expect((await store.readBuffer(blob.key)).toString()).toBe('招标文件');
    expect(files(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind, not even in tmp, when the source fails at once, over and over', async () => {
    const store = createFsBlobStore(root);
    const failing = () =>
      new Readable({
        read() {
          this.destroy(new Error('client went away'));
        },
      });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => store.putStream(failing())));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(files(root)).toEqual([]);
  });

  it('refuses a stream over maxBytes with the given code and keeps no partial file', async () => {
    const store = createFsBlobStore(root);
    const big = Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(1024, 1)));
    await expect(store.putStream(big, { maxBytes: 10_000, tooLargeCode: 'BID_TOO_LARGE' })).rejects.toMatchObject({ status: 413, code: 'BID_TOO_LARGE' });
    expect(files(root)).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpError } from '../../../server/http/errors';

export const FIXTURES = path.join(__dirname, '../../fixtures/sealed-bids');
export const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));
export const fixtureText = (name: string): string => fixture(name).toString('utf8');

/** Runs openssl in a scratch directory with the given input files; returns the named outputs. */
export function runOpenssl(args: string[], inputs: Record<string, Buffer | string>, outputs: string[]): Record<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-openssl-'));
  try {
    for (const [name, data] of Object.entries(inputs)) {
      fs.writeFileSync(path.join(dir, name), data);
    }
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return Object.fromEntries(outputs.map((o) => [o, fs.readFileSync(path.join(dir, o))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A small deterministic PRNG (mulberry32) for the fuzz loop. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs fn and returns the error code it threw, or 'OK'; anything but an HttpError fails the test. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'OK';
  } catch (err) {
    if (!(err instanceof HttpError)) {
      throw new Error(`untyped error: ${String(err)}`);
    }
    return err.code;
  }
}

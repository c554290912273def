import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caPem } from './records';

/**
 * poppler-utils (pdfsig, pdftotext) and libnss3-tools (certutil): the independent verifiers of
 * DESIGN §7. pdfsig checks certificates at the current time; records made in a test world are
 * signed at the world's clock (T0, in the future), so `at` runs pdfsig under faketime at that time. Outside CI a machine without them skips these tests with a warning; under CI=true a
 * missing tool fails (.ci/run installs them).
 */
const TOOLS = ['pdfsig', 'pdftotext', 'certutil', 'openssl', 'faketime'];
export const missingPopplerTools = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const isCi = process.env.CI === 'true' || process.env.CI === '1';
if (missingPopplerTools.length > 0 && !isCi) {
  console.warn(`records: skipping the pdfsig/pdftotext tests, missing ${missingPopplerTools.join(', ')} (apt-get install poppler-utils libnss3-tools faketime)`);
}
export const describeWithPoppler = missingPopplerTools.length > 0 && !isCi ? describe.skip : describe;

export type PdfsigReport = { text: string; signer: string | null; valid: boolean; trusted: boolean; wholeDocument: boolean };

/** A scratch directory with an NSS database that trusts the test CA, as a reader who trusts the platform has. */
export type Poppler = { dir: string; pdfsig: (pdf: Buffer, opts?: { at?: Date }) => PdfsigReport[]; pdftotext: (pdf: Buffer) => string; close: () => void };

export function createPoppler(): Poppler {
  if (missingPopplerTools.length > 0) {
    throw new Error(`CI=true but ${missingPopplerTools.join(', ')} missing: .ci/run must install poppler-utils, libnss3-tools and faketime`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-poppler-'));
  const nssDir = path.join(dir, 'nss');
  fs.mkdirSync(nssDir);
  fs.writeFileSync(path.join(dir, 'ca.pem'), caPem());
  execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'TenderHall CA', '-t', 'CT,C,C', '-i', path.join(dir, 'ca.pem')], { stdio: 'pipe' });
  let n = 0;
  const write = (pdf: Buffer): string => {
    n += 1;
    const file = path.join(dir, `check-${n}.pdf`);
    fs.writeFileSync(file, pdf);
    return file;
  };
  return {
    dir,
    pdfsig: (pdf, opts = {}) => {
      const args = ['-nssdir', `sql:${nssDir}`, write(pdf)];
      const at = opts.at?.toISOString().replace('T', ' ').slice(0, 19);
      const out = at
        ? spawnSync('faketime', [at, 'pdfsig', ...args], { encoding: 'utf8', env: { ...withoutFaketime(process.env), TZ: 'UTC' } })
        : spawnSync('pdfsig', args, { encoding: 'utf8' });
      return out.stdout.split(/^Signature #\d+:$/m).slice(1).map((text) => ({
        text,
        signer: /Signer Certificate Common Name: (.*)/.exec(text)?.[1] ?? null,
        valid: text.includes('Signature Validation: Signature is Valid.'),
        trusted: text.includes('Certificate Validation: Certificate is Trusted.'),
        wholeDocument: text.includes('Total document signed') && !text.includes('Not total document signed'),
      }));
    },
    pdftotext: (pdf) => execFileSync('pdftotext', ['-enc', 'UTF-8', write(pdf), '-'], { encoding: 'utf8' }),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The environment without an outer libfaketime (the calendar guard runs the suite under `faketime +3y`):
 * pdfsig's own `faketime <time>` must set an absolute time, not inherit the outer shift and its shared clock.
 */
export function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME') && !k.startsWith('DONT_FAKE')));
}

import { inspectSealedBidPrefix } from '../../../server/bids';
import { HttpError } from '../../../server/http/errors';

/**
 * Malformed inputs derived from a valid DER structure (a sealed bid, a CMS signature) for the
 * hardening fuzz tests: bit flips, truncations, corrupted length fields, huge declared lengths,
 * lengths that overflow their parent, deep nesting, random bytes. Seeded, so a failure reproduces.
 */

// The unit fuzz's PRNG (mulberry32), shared.
export { prng } from '../../unit/bids/helpers';

/** The seed of this run: FUZZ_SEED when set (to replay a failure), otherwise a fresh one; printed by the caller. */
export function fuzzSeed(): number {
  const fixed = Number(process.env.FUZZ_SEED);
  return Number.isSafeInteger(fixed) && fixed > 0 ? fixed : Math.floor(Math.random() * 2 ** 31) + 1;
}

type Header = { start: number; lengthAt: number; contentAt: number; end: number };

/** The TLV headers in the first `limit` bytes of a DER buffer (descending into constructed elements). */
export function derHeaders(buf: Buffer, limit = 4096): Header[] {
  const out: Header[] = [];
  const walk = (pos: number, end: number, depth: number): void => {
    while (pos < end && pos < limit && depth < 12) {
      const first = buf[pos];
      const lengthAt = pos + 1;
      const l = buf[lengthAt];
      if (l === undefined || l === 0x80) {
        return;
      }
      const n = l < 0x80 ? 0 : l & 0x7f;
      let length = l < 0x80 ? l : 0;
      for (let i = 0; i < n; i++) {
        length = length * 256 + buf[lengthAt + 1 + i];
      }
      const contentAt = lengthAt + 1 + n;
      out.push({ start: pos, lengthAt, contentAt, end: contentAt + length });
      if (first & 0x20) {
        walk(contentAt, Math.min(end, contentAt + length), depth + 1);
      }
      pos = contentAt + length;
    }
  };
  walk(0, buf.length, 0);
  return out;
}

export type Mutant = { kind: string; body: Buffer };

/** One malformed variant of `valid`, chosen by `rnd`. */
export function mutate(valid: Buffer, rnd: () => number): Mutant {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const headers = derHeaders(valid);
  const headerEnd = Math.min(valid.length, Math.max(...headers.map((h) => h.contentAt)) + 64);
  const h = headers[pick(headers.length)];
  const withLength = (octets: number[]): Buffer => Buffer.concat([valid.subarray(0, h.lengthAt), Buffer.from(octets), valid.subarray(h.contentAt)]);
  const random = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => pick(256)));
  const kinds = ['bit-flip', 'truncate', 'length-off-by-one', 'length-huge', 'length-indefinite', 'length-too-many-octets',
    'length-overflows-parent', 'tag-change', 'splice', 'trailing', 'random', 'deep-nesting', 'empty'] as const;
  const kind = kinds[pick(kinds.length)];
  switch (kind) {
    case 'bit-flip': {
      const b = Buffer.from(valid);
      for (let i = 0, n = 1 + pick(4); i < n; i++) {
        b[pick(headerEnd)] ^= 1 << pick(8);
      }
      return { kind, body: b };
    }
    case 'truncate':
      return { kind, body: valid.subarray(0, pick(valid.length)) };
    case 'length-off-by-one': {
      const len = h.end - h.contentAt + (rnd() < 0.5 ? 1 : -1);
      return { kind, body: withLength(encodeLength(Math.max(0, len), h.contentAt - h.lengthAt)) };
    }
    case 'length-huge':
      return { kind, body: withLength([[0x84, 0xff, 0xff, 0xff, 0xff], [0x86, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x83, 0x7f, 0xff, 0xff]][pick(3)]) };
    case 'length-indefinite':
      return { kind, body: withLength([0x80]) };
    case 'length-too-many-octets':
      return { kind, body: withLength([0x88 + pick(8), ...Array.from({ length: 8 + pick(8) }, () => pick(256))]) };
    case 'length-overflows-parent': {
      const child = headers.filter((x) => x.start > 0)[pick(headers.length - 1)] ?? h;
      const b = Buffer.concat([valid.subarray(0, child.lengthAt), Buffer.from(encodeLength(child.end - child.contentAt + 1000 + pick(100_000))), valid.subarray(child.contentAt)]);
      return { kind, body: b };
    }
    case 'tag-change': {
      const b = Buffer.from(valid);
      b[h.start] = pick(256);
      return { kind, body: b };
    }
    case 'splice': {
      const at = pick(headerEnd);
      return { kind, body: Buffer.concat([valid.subarray(0, at), random(1 + pick(40)), valid.subarray(at + pick(8))]) };
    }
    case 'trailing':
      return { kind, body: Buffer.concat([valid, random(1 + pick(64))]) };
    case 'random':
      return { kind, body: random(pick(4096)) };
    case 'deep-nesting':
      return { kind, body: Buffer.from(Array.from({ length: 2 * (100 + pick(5000)) }, (_v, i) => (i % 2 === 0 ? 0x30 : 0x80))) };
    default:
      return { kind, body: Buffer.alloc(0) };
  }
}

/** DER length octets for n, in at least `width` octets (the original field's width when possible). */
function encodeLength(n: number, width = 1): number[] {
  if (n < 0x80 && width <= 1) {
    return [n];
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) {
    bytes.unshift(v % 256);
  }
  while (bytes.length < width - 1) {
    bytes.unshift(0);
  }
  return [0x80 | bytes.length, ...bytes];
}

/**
 * What the server must answer for a sealed bid body, judged offline by the same header parser:
 * 'ACCEPT' when the header is well-formed and sealed to the opening certificate (only opening can
 * tell a flipped ciphertext bit), otherwise the stable error code.
 */
export function expectedVerdict(body: Buffer, openingCertPem: string): string {
  try {
    const header = inspectSealedBidPrefix(body.subarray(0, 1 << 20), body.length);
    return header.isSealedTo(openingCertPem) ? 'ACCEPT' : 'BID_WRONG_RECIPIENT';
  } catch (err) {
    if (err instanceof HttpError) {
      return err.code;
    }
    return `THROWS ${(err as Error).name}: ${(err as Error).message}`;
  }
}

/** Runs fn over items with at most n in flight. */
export async function inParallel<T>(n: number, items: T[], fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}

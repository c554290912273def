import { inspectSealedBid, openSealedBid, unwrapContentKey, verifySignedBid } from '../../../server/bids';
import { codeOf, fixture, fixtureText, prng } from './helpers';

const CA = fixtureText('ca.crt');

function mutate(input: Buffer, rnd: () => number): Buffer {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const b = Buffer.from(input);
  switch (pick(6)) {
    case 0: // truncate
      return b.subarray(0, pick(b.length));
    case 1: // flip a few bytes
      for (let i = 0, n = 1 + pick(4); i < n; i++) {
        b[pick(b.length)] ^= 1 << pick(8);
      }
      return b;
    case 2: // hostile length octets near a header
      b[pick(Math.min(b.length, 1200))] = [0x80, 0x84, 0x88, 0xff, 0x00, 0x7f][pick(6)];
      return b;
    case 3: // random bytes spliced in
      return Buffer.concat([b.subarray(0, pick(b.length)), Buffer.from(Array.from({ length: 1 + pick(40) }, () => pick(256))), b.subarray(pick(b.length))]);
    case 4: // trailing data
      return Buffer.concat([b, Buffer.from([pick(256), pick(256)])]);
    default: // pure garbage
      return Buffer.from(Array.from({ length: pick(300) }, () => pick(256)));
  }
}

describe('malformed sealed bids', () => {
  it('refuses deep indefinite nesting quickly with BID_MALFORMED', () => {
    const deep = Buffer.alloc(200_000);
    for (let i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = 0x80;
    }
    expect(codeOf(() => inspectSealedBid(deep))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBid(Buffer.alloc(0)))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBid(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff])))).toBe('BID_MALFORMED');
  });

  it('never throws anything but a typed error on a few thousand mutated inputs (seeded)', () => {
    const rnd = prng(20260301);
    const sealed = [fixture('bid.p7m'), fixture('bid-indef.p7m'), fixture('bid-bidder-only.p7m')];
    const signed = [fixture('signed.der'), fixture('signed-indef.der')];
    const key = unwrapContentKey(sealed[0], fixtureText('opening.crt'), fixtureText('opening.key'));
    const seen = new Map<string, number>();
    const count = (c: string): void => {
      seen.set(c, (seen.get(c) ?? 0) + 1);
    };
    for (let i = 0; i < 3000; i++) {
      const input = mutate(sealed[i % sealed.length], rnd);
      count(`inspect:${codeOf(() => inspectSealedBid(input))}`);
      const opened = codeOf(() => openSealedBid(input, key));
      expect(['OK', 'BID_MALFORMED', 'BID_DECRYPTION_FAILED']).toContain(opened);
      const sd = mutate(signed[i % signed.length], rnd);
      const verified = codeOf(() => verifySignedBid(sd, { trustedRootsPem: [CA], at: new Date() }));
      expect(['OK', 'BID_MALFORMED', 'BID_SIGNATURE_INVALID', 'CERTIFICATE_INVALID', 'CERTIFICATE_REQUIRED']).toContain(verified);
      count(`verify:${verified}`);
    }
    expect([...seen.keys()].filter((k) => k.startsWith('inspect:')).every((k) => ['inspect:OK', 'inspect:BID_MALFORMED'].includes(k))).toBe(true);
    expect(seen.get('inspect:BID_MALFORMED')).toBeGreaterThan(1000);
  });
});

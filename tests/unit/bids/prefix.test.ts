import { inspectSealedBid, inspectSealedBidPrefix, sealBid } from '../../../server/bids';
import { codeOf, fixture, fixtureText, prng } from './helpers';

const OPENING = fixtureText('opening.crt');
const BIDDER = fixtureText('bidder.crt');
const OTHER = fixtureText('other.crt');

/** A sealed bid of about n bytes (our own sealer, definite lengths). */
const sealedOf = (n: number): Buffer => sealBid(Buffer.alloc(n, 7), [OPENING, BIDDER]);

describe('inspectSealedBidPrefix (header from the first bytes, size known)', () => {
  it('reads the recipients of a 3 MB bid from its first 64 KiB, like the full parser does', () => {
    const der = sealedOf(3 * 1024 * 1024);
    const header = inspectSealedBidPrefix(der.subarray(0, 64 * 1024), der.length);
    const full = inspectSealedBid(der);
    expect(header.complete).toBe(false);
    expect(header.recipients).toEqual(full.recipients);
    expect(header.encryptedContentLength).toBe(full.encryptedContentLength);
    expect([header.isSealedTo(OPENING), header.isSealedTo(BIDDER), header.isSealedTo(OTHER)]).toEqual([true, true, false]);
  });

  it('parses completely when the whole bid is in the prefix (OpenSSL DER and BER vectors)', () => {
    for (const name of ['bid.p7m', 'bid-indef.p7m']) {
      const der = fixture(name);
      const header = inspectSealedBidPrefix(der, der.length);
      expect(header.complete).toBe(true);
      expect(header.isSealedTo(OPENING)).toBe(true);
    }
    const bidderOnly = fixture('bid-bidder-only.p7m');
    expect(inspectSealedBidPrefix(bidderOnly, bidderOnly.length).isSealedTo(OPENING)).toBe(false);
  });

  it('reads the header of OpenSSL’s indefinite-length (BER) bid from a prefix', () => {
    const ber = fixture('bid-indef.p7m');
    const header = inspectSealedBidPrefix(ber.subarray(0, 1200), ber.length);
    expect(header.complete).toBe(false);
    expect(header.encryptedContentLength).toBeNull();
    expect(header.isSealedTo(OPENING)).toBe(true);
  });

  it('refuses a truncated upload and trailing data: declared lengths are checked against the total size', () => {
    const der = sealedOf(2 * 1024 * 1024);
    const prefix = der.subarray(0, 1024 * 1024);
    expect(codeOf(() => inspectSealedBidPrefix(prefix, der.length - 1))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBidPrefix(prefix, der.length - 18))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBidPrefix(prefix, der.length + 2))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBidPrefix(prefix, der.length))).toBe('OK');
  });

  it('refuses garbage, other CMS types and a header longer than the prefix with BID_MALFORMED', () => {
    expect(codeOf(() => inspectSealedBidPrefix(Buffer.from('garbage garbage'), 5_000_000))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBidPrefix(fixture('signed.der').subarray(0, 100), 5_000_000))).toBe('BID_MALFORMED');
    const der = sealedOf(100_000);
    expect(codeOf(() => inspectSealedBidPrefix(der.subarray(0, 300), der.length))).toBe('BID_MALFORMED');
    expect(codeOf(() => inspectSealedBidPrefix(Buffer.alloc(0), 10))).toBe('BID_MALFORMED');
  });

  it('never throws anything but a typed error on mutated prefixes (seeded)', () => {
    const rnd = prng(20261123);
    const inputs = [sealedOf(300_000), fixture('bid-indef.p7m')];
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const base = inputs[i % inputs.length];
      const b = Buffer.from(base.subarray(0, Math.min(base.length, 4096)));
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
        b[Math.floor(rnd() * Math.min(b.length, 1500))] = Math.floor(rnd() * 256);
      }
      const cut = b.subarray(0, 1 + Math.floor(rnd() * b.length));
      const total = Math.max(cut.length, base.length + Math.floor(rnd() * 5) - 2);
      seen.add(codeOf(() => inspectSealedBidPrefix(cut, total).isSealedTo(OPENING)));
    }
    expect([...seen].every((c) => ['OK', 'BID_MALFORMED', 'CERTIFICATE_INVALID'].includes(c))).toBe(true);
  });
});

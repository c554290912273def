import { zipSync } from 'fflate';
import { makeBidPackage, readBidPackage } from '../../../server/bids';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('bid package', () => {
  it('keeps bid.json first even when file names look like numbers', () => {
    const zip = makeBidPackage({ bidJson: { price: '1.00' }, files: [{ name: '1', data: Buffer.from('a') }] });
    expect(zip.subarray(30, 38).toString()).toBe('bid.json');
    expect(readBidPackage(zip)).toEqual({ bidJson: { price: '1.00' }, files: [{ name: '1', data: expect.any(Uint8Array) }] });
  });

  it('refuses path traversal, absolute names and backslashes, on both sides', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b']) {
      expect(codeOf(() => makeBidPackage({ bidJson: {}, files: [{ name, data: Buffer.from('x') }] }))).toBe('BID_MALFORMED');
      expect(codeOf(() => readBidPackage(zipSync({ 'bid.json': Buffer.from('{}'), [name]: Buffer.from('x') })))).toBe('BID_MALFORMED');
    }
  });

  it('refuses file names with control, bidirectional or zero-width characters (a name that displays as another), on both sides', () => {
    for (const name of ['报价\u202Efdp.exe', 'a\u2066b.pdf', 'x\u200B.pdf', 'tab\u0085.pdf', 'line\u2028.pdf', 'del\u007F.pdf']) {
      expect(codeOf(() => makeBidPackage({ bidJson: {}, files: [{ name, data: Buffer.from('x') }] }))).toBe('BID_MALFORMED');
      expect(codeOf(() => readBidPackage(zipSync({ 'bid.json': Buffer.from('{}'), [name]: Buffer.from('x') })))).toBe('BID_MALFORMED');
    }
    expect(readBidPackage(makeBidPackage({ bidJson: {}, files: [{ name: '技术标/施工组织设计.pdf', data: Buffer.from('x') }] })).files[0]?.name).toBe('技术标/施工组织设计.pdf');
  });

  it('refuses too many entries, too many bytes, a missing or broken bid.json', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, Buffer.from('x')]));
    const limits = { maxEntries: 10, maxTotalBytes: 1000, maxBidJsonBytes: 100 };
    expect(codeOf(() => readBidPackage(zipSync({ 'bid.json': Buffer.from('{}'), ...many }), limits))).toBe('BID_MALFORMED');
    expect(codeOf(() => readBidPackage(zipSync({ 'bid.json': Buffer.from('{}'), big: new Uint8Array(2000) }), limits))).toBe('BID_MALFORMED');
    expect(codeOf(() => readBidPackage(zipSync({ 'other.txt': Buffer.from('{}') })))).toBe('BID_MALFORMED');
    expect(codeOf(() => readBidPackage(zipSync({ 'bid.json': Buffer.from('{not json') })))).toBe('BID_MALFORMED');
    expect(codeOf(() => readBidPackage(Buffer.from('not a zip')))).toBe('BID_MALFORMED');
  });

  it('catches an entry that lies about its size (zip bomb shape)', () => {
    const zip = Buffer.from(zipSync({ 'bid.json': Buffer.from('{}'), 'a.txt': new Uint8Array(1_000_000) }));
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, cd + 24); // central directory: uncompressed size
    expect(codeOf(() => readBidPackage(zip))).toBe('BID_MALFORMED');
  });
});

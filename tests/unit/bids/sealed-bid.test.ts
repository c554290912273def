import {
  hasRecipient, inspectSealedBid, makeBidPackage, openSealedBid, readBidPackage, sealBid, sealBidChunks, signBid, unwrapContentKey,
  verifySignedBid,
} from '../../../server/bids';
import { createCa, generateRsaKeyPair, issueCertificate, issueOpeningCertificate } from '../../../server/pki';
import forge from 'node-forge';
import { fixture, fixtureText, runOpenssl } from './helpers';

const CA = fixtureText('ca.crt');
const BIDDER = { cert: fixtureText('bidder.crt'), key: fixtureText('bidder.key') };
const OPENING = { cert: fixtureText('opening.crt'), key: fixtureText('opening.key') };
const OTHER = { cert: fixtureText('other.crt'), key: fixtureText('other.key') };
const NOW = new Date();
const OAEP = ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256'];

function openWith(der: Buffer, who: { cert: string; key: string }): Buffer {
  return openSealedBid(der, unwrapContentKey(der, who.cert, who.key));
}

describe('OpenSSL-sealed test vectors open in TenderHall', () => {
  it.each(['bid.p7m', 'bid-indef.p7m'])('%s opens with the opening key and the bidder key, and its signature verifies', (name) => {
    const der = fixture(name);
    for (const who of [OPENING, BIDDER]) {
      const signed = openWith(der, who);
      const { zip, signerCertPem, signingTime } = verifySignedBid(signed, { trustedRootsPem: [CA], at: NOW });
      expect(zip.equals(fixture('bid.zip'))).toBe(true);
      expect(signerCertPem).toContain('BEGIN CERTIFICATE');
      expect(signingTime).toBeInstanceOf(Date);
      const pkg = readBidPackage(zip);
      expect(pkg.bidJson).toMatchObject({ price: '12345678.90', quality: '合格' });
      expect(pkg.files.map((f) => f.name)).toEqual(['proposal.txt']);
    }
  });

  it('accepts BER with indefinite lengths and constructed OCTET STRINGs (openssl -stream)', () => {
    const der = fixture('bid-indef.p7m');
    expect(der.subarray(0, 2).equals(Buffer.from([0x30, 0x80]))).toBe(true); // SEQUENCE, indefinite length
    expect(inspectSealedBid(der).encryptedContentLength).toBe(fixture('signed-indef.der').length);
    const signedIndef = fixture('signed-indef.der');
    expect(signedIndef[1]).toBe(0x80);
    expect(verifySignedBid(signedIndef, { trustedRootsPem: [CA], at: NOW }).zip.equals(fixture('bid.zip'))).toBe(true);
  });

  it('lists the recipients without decrypting, and shows when the opening certificate is missing', () => {
    const full = inspectSealedBid(fixture('bid.p7m'));
    expect(full).toMatchObject({ contentType: 'authEnvelopedData', contentEncryptionAlgorithm: 'aes-256-gcm', macLength: 16 });
    expect(full.recipients.map((r) => r.serialNumber)).toEqual(['1001', '1002']); // DER SET OF order
    expect(full.recipients[0]).toMatchObject({
      kind: 'keyTransport', issuer: 'C=CN, O=TenderHall Test CA, CN=TenderHall Test Root CA', keyEncryptionAlgorithm: 'rsaes-oaep-sha256-mgf1-sha256',
    });
    expect(hasRecipient(fixture('bid.p7m'), OPENING.cert)).toBe(true);
    const bidderOnly = fixture('bid-bidder-only.p7m');
    expect(inspectSealedBid(bidderOnly).recipients.map((r) => r.serialNumber)).toEqual(['1001']);
    expect(hasRecipient(bidderOnly, OPENING.cert)).toBe(false);
    expect(() => unwrapContentKey(bidderOnly, OPENING.cert, OPENING.key)).toThrow(expect.objectContaining({ code: 'BID_WRONG_RECIPIENT' }));
  });
});

describe('TenderHall-sealed bids open with OpenSSL', () => {
  const zip = makeBidPackage({
    bidJson: { tenderId: '01JTESTTENDER0000000000000', price: '9800000.00', durationDays: 200, quality: '合格' },
    files: [{ name: '商务标/报价单.txt', data: Buffer.from('报价 9800000.00 元') }, { name: 'tech.pdf', data: Buffer.alloc(5000, 7) }],
  });

  it('packages bid.json first and reads back the files', () => {
    expect(zip.subarray(30, 38).toString()).toBe('bid.json');
    const pkg = readBidPackage(zip);
    expect(pkg.files.map((f) => f.name)).toEqual(['商务标/报价单.txt', 'tech.pdf']);
  });

  it('decrypts with openssl cms -decrypt and verifies with openssl cms -verify', () => {
    const signed = signBid(zip, BIDDER.cert, BIDDER.key, new Date('2026-05-01T02:03:04Z'));
    const sealed = sealBid(signed, [OPENING.cert, BIDDER.cert]);
    const out = runOpenssl(
      ['cms', '-decrypt', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'opening.crt', '-inkey', 'opening.key', '-out', 'signed.der'],
      { 'bid.p7m': sealed, 'opening.crt': OPENING.cert, 'opening.key': OPENING.key },
      ['signed.der'],
    );
    expect(out['signed.der'].equals(signed)).toBe(true);
    const verified = runOpenssl(
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'signed.der', '-CAfile', 'ca.crt', '-out', 'bid.zip'],
      { 'signed.der': out['signed.der'], 'ca.crt': CA },
      ['bid.zip'],
    );
    expect(verified['bid.zip'].equals(zip)).toBe(true);
    const asn1 = runOpenssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'bid.p7m', '-out', 'print.txt'], { 'bid.p7m': sealed }, ['print.txt']);
    expect(asn1['print.txt'].toString()).toMatch(/algorithm: aes-256-gcm[\s\S]*algorithm: rsaesOaep|algorithm: rsaesOaep[\s\S]*algorithm: aes-256-gcm/);
  });

  it('streams the same structure in chunks as sealBid writes at once', () => {
    const signed = signBid(zip, BIDDER.cert, BIDDER.key, NOW);
    const streamed = Buffer.concat([...sealBidChunks(signed, [OPENING.cert])]);
    expect(inspectSealedBid(streamed).encryptedContentLength).toBe(signed.length);
    expect(openWith(streamed, OPENING).equals(signed)).toBe(true);
  });

  it('round-trips with a TenderHall CA, a browser-style CSR certificate and an opening certificate, also through OpenSSL', () => {
    const now = new Date(Date.now() - 60_000);
    const ca = createCa({ now });
    const { privateKeyPem } = generateRsaKeyPair(2048);
    const key = forge.pki.privateKeyFromPem(privateKeyPem);
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    csr.sign(key, forge.md.sha256.create());
    const bidder = issueCertificate({
      ca, csrPem: forge.pki.certificationRequestToPem(csr), now, validityDays: 365,
      subject: { organization: '杭州示例建设有限公司', creditCode: '91330100MA27XL0E2K', commonName: '杭州示例建设有限公司' },
    });
    const opening = issueOpeningCertificate(ca, { id: '01JTESTTENDER0000000000000', code: 'T-1' }, now);
    const signed = signBid(zip, bidder.certPem, privateKeyPem, NOW);
    const sealed = sealBid(signed, [opening.certPem, bidder.certPem]);
    const opened = openWith(sealed, { cert: opening.certPem, key: opening.keyPem });
    expect(verifySignedBid(opened, { trustedRootsPem: [ca.certPem], at: NOW }).zip.equals(zip)).toBe(true);
    const out = runOpenssl(
      ['cms', '-decrypt', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'o.crt', '-inkey', 'o.key', '-out', 'signed.der'],
      { 'bid.p7m': sealed, 'o.crt': opening.certPem, 'o.key': opening.keyPem },
      ['signed.der'],
    );
    runOpenssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'signed.der', '-CAfile', 'ca.crt', '-out', 'bid.zip'],
      { 'signed.der': out['signed.der'], 'ca.crt': ca.certPem }, ['bid.zip']);
  });

  it('opens what OpenSSL sealed to a TenderHall-signed bid (signed by us, sealed by them)', () => {
    const signed = signBid(zip, BIDDER.cert, BIDDER.key, NOW);
    const out = runOpenssl(
      ['cms', '-encrypt', '-binary', '-aes-256-gcm', '-in', 'signed.der', '-inform', 'DER', '-outform', 'DER', '-out', 'bid.p7m', '-recip', 'opening.crt', ...OAEP],
      { 'signed.der': signed, 'opening.crt': OPENING.cert },
      ['bid.p7m'],
    );
    expect(openWith(out['bid.p7m'], OPENING).equals(signed)).toBe(true);
  });
});

describe('failures are typed', () => {
  const der = fixture('bid.p7m');

  it('a flipped ciphertext byte fails the GCM tag', () => {
    const key = unwrapContentKey(der, OPENING.cert, OPENING.key);
    const tampered = Buffer.from(der);
    tampered[1500] ^= 0x01; // inside the encrypted content (offset 1029..3162)
    expect(() => openSealedBid(tampered, key)).toThrow(expect.objectContaining({ code: 'BID_DECRYPTION_FAILED', status: 400 }));
    const wrongKey = Buffer.from(key);
    wrongKey[0] ^= 1;
    expect(() => openSealedBid(der, wrongKey)).toThrow(expect.objectContaining({ code: 'BID_DECRYPTION_FAILED' }));
  });

  it('a wrong recipient key is refused', () => {
    expect(() => unwrapContentKey(der, OTHER.cert, OTHER.key)).toThrow(expect.objectContaining({ code: 'BID_WRONG_RECIPIENT' }));
    expect(() => unwrapContentKey(der, OPENING.cert, BIDDER.key)).toThrow(expect.objectContaining({ code: 'BID_DECRYPTION_FAILED' }));
  });

  it('a signature from an untrusted CA, or checked after expiry, is refused', () => {
    const signed = fixture('signed.der');
    const other = createCa({ now: new Date(Date.now() - 1000) });
    expect(() => verifySignedBid(signed, { trustedRootsPem: [other.certPem], at: NOW })).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_INVALID', message: expect.stringContaining('untrusted-issuer') }),
    );
    expect(() => verifySignedBid(signed, { trustedRootsPem: [CA], at: new Date('2200-01-01T00:00:00Z') })).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_INVALID', message: expect.stringContaining('expired') }),
    );
  });

  it('altered signed content fails the messageDigest', () => {
    const signed = Buffer.from(fixture('signed.der'));
    signed[100] ^= 0x01; // inside the ZIP (offset 64..418)
    expect(() => verifySignedBid(signed, { trustedRootsPem: [CA], at: NOW })).toThrow(expect.objectContaining({ code: 'BID_SIGNATURE_INVALID' }));
  });

  it('something that is not AuthEnvelopedData is BID_MALFORMED with a reason', () => {
    expect(() => inspectSealedBid(fixture('signed.der'))).toThrow(
      expect.objectContaining({ code: 'BID_MALFORMED', message: expect.stringContaining('not authEnvelopedData') }),
    );
  });
});

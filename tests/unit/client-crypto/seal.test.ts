/**
 * The browser sealing module (client/src/crypto) run under Node 20's WebCrypto: what it makes
 * opens with the server's functions and with `openssl cms`, and the PKCS#12 it writes loads back.
 */
import forge from 'node-forge';
import { hasRecipient, inspectSealedBid, openSealedBid, readBidPackage, unwrapContentKey, verifySignedBid } from '../../../server/bids';
import { buildSealedBid, checkBidJson, loadPkcs12, makeBidPackage, makeCsr, makePkcs12, Pkcs12Error, generateKeyPair } from '../../../client/src/crypto';
import { fixtureText, runOpenssl } from '../bids/helpers';

const CA = fixtureText('ca.crt');
const BIDDER = { cert: fixtureText('bidder.crt'), key: fixtureText('bidder.key') };
const OPENING = { cert: fixtureText('opening.crt'), key: fixtureText('opening.key') };
const OTHER = { cert: fixtureText('other.crt'), key: fixtureText('other.key') };
const TENDER = '01JTENDER0000000000000000A';

function bidderP12(password: string): Uint8Array {
  const key = forge.pki.privateKeyFromPem(BIDDER.key) as forge.pki.rsa.PrivateKey;
  return makePkcs12(key, BIDDER.cert, [CA], password, 'bidder');
}

async function sealFixtureBid(price = '9876543.21') {
  const identity = await loadPkcs12(bidderP12('s3cret-口令'), 's3cret-口令');
  const proposal = new TextEncoder().encode('技术标：施工组织设计\n'.repeat(1000));
  const der = await buildSealedBid({
    tenderId: TENDER,
    bidJson: { tenderId: TENDER, price, durationDays: 180, quality: '合格' },
    files: [{ name: '技术标.txt', data: proposal }, { name: 'scan.pdf', data: new Uint8Array([0x25, 0x50, 0x44, 0x46]) }],
    identity,
    openingCertPem: OPENING.cert,
  });
  return { der: Buffer.from(der), proposal };
}

describe('browser sealing (client/src/crypto) under Node WebCrypto', () => {
  it('makes a sealed bid the server inspects, unwraps with the opening key and with the bidder key, and verifies', async () => {
    const { der, proposal } = await sealFixtureBid();
    const inspected = inspectSealedBid(der);
    expect(inspected).toMatchObject({ contentType: 'authEnvelopedData', contentEncryptionAlgorithm: 'aes-256-gcm', encryptedContentType: 'data', macLength: 16 });
    expect(inspected.recipients).toHaveLength(2);
    expect(inspected.recipients.every((r) => r.keyEncryptionAlgorithm === 'rsaes-oaep-sha256-mgf1-sha256')).toBe(true);
    expect(hasRecipient(der, OPENING.cert)).toBe(true);
    expect(hasRecipient(der, BIDDER.cert)).toBe(true);
    expect(hasRecipient(der, OTHER.cert)).toBe(false);

    for (const who of [OPENING, BIDDER]) {
      const signed = openSealedBid(der, unwrapContentKey(der, who.cert, who.key));
      const { zip, signerCertPem, signingTime } = verifySignedBid(signed, { trustedRootsPem: [CA], at: new Date() });
      expect(forge.pki.certificateFromPem(signerCertPem).serialNumber).toBe(forge.pki.certificateFromPem(BIDDER.cert).serialNumber);
      expect(Math.abs((signingTime?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      const pkg = readBidPackage(zip);
      expect(pkg.bidJson).toEqual({ tenderId: TENDER, price: '9876543.21', durationDays: 180, quality: '合格' });
      expect(pkg.files.map((f) => f.name)).toEqual(['技术标.txt', 'scan.pdf']);
      expect(Buffer.from(pkg.files[0].data).equals(Buffer.from(proposal))).toBe(true);
    }
  });

  it('opens with `openssl cms -decrypt` (opening key) and the signature verifies with `openssl cms -verify`', async () => {
    const { der } = await sealFixtureBid();
    const { 'signed.der': signed } = runOpenssl(
      ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'opening.crt', '-inkey', 'opening.key', '-out', 'signed.der'],
      { 'bid.p7m': der, 'opening.crt': OPENING.cert, 'opening.key': OPENING.key },
      ['signed.der'],
    );
    const { 'bid.zip': zip } = runOpenssl(
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'signed.der', '-CAfile', 'ca.crt', '-purpose', 'any', '-out', 'bid.zip'],
      { 'signed.der': signed, 'ca.crt': CA },
      ['bid.zip'],
    );
    expect((readBidPackage(zip).bidJson as { price: string }).price).toBe('9876543.21');
    // and with the bidder's own key (both recipients are real)
    const again = runOpenssl(
      ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'bidder.crt', '-inkey', 'bidder.key', '-out', 'signed.der'],
      { 'bid.p7m': der, 'bidder.crt': BIDDER.cert, 'bidder.key': BIDDER.key },
      ['signed.der'],
    );
    expect(again['signed.der'].equals(signed)).toBe(true);
  });

  it('refuses a bid.json for another tender or with a price that is not yuan with 2 decimals', async () => {
    expect(checkBidJson({ tenderId: TENDER, price: '100.00' }, TENDER)).toEqual([]);
    expect(checkBidJson({ tenderId: 'other', price: '100.00' }, TENDER)[0]).toMatch(/tenderId/);
    for (const price of ['100', '100.5', '1e6', '-1.00', 100, '01.00']) {
      expect(checkBidJson({ tenderId: TENDER, price }, TENDER)[0]).toMatch(/price/);
    }
    await expect(sealFixtureBid('12.3')).rejects.toThrow(/price/);
  });

  it('puts bid.json first in the ZIP and refuses unsafe or duplicate names', () => {
    const zip = Buffer.from(makeBidPackage({ tenderId: TENDER, price: '1.00' }, [{ name: '0', data: new Uint8Array([1]) }]));
    expect(zip.subarray(30, 38).toString()).toBe('bid.json');
    expect(() => makeBidPackage({}, [{ name: '../x', data: new Uint8Array() }])).toThrow(/Unsafe/);
    expect(() => makeBidPackage({}, [{ name: 'bid.json', data: new Uint8Array() }])).toThrow(/Duplicate/);
  });

  it('generates a key, a CSR forge verifies, and a PKCS#12 that OpenSSL reads and a wrong password refuses', async () => {
    const keys = await generateKeyPair(2048);
    const csrPem = makeCsr(keys, '测试建设有限公司');
    expect(forge.pki.certificationRequestFromPem(csrPem).verify()).toBe(true);
    const p12 = Buffer.from(bidderP12('pw-1'));
    const { 'out.pem': pem } = runOpenssl(['pkcs12', '-in', 'b.p12', '-passin', 'pass:pw-1', '-nodes', '-out', 'out.pem'], { 'b.p12': p12 }, ['out.pem']);
    expect(pem.toString()).toMatch(/PRIVATE KEY/);
    expect((pem.toString().match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    const loaded = await loadPkcs12(p12, 'pw-1');
    expect(loaded.chainPems).toHaveLength(1);
    expect(loaded.signingKey.extractable).toBe(false);
    await expect(loadPkcs12(p12, 'wrong')).rejects.toBeInstanceOf(Pkcs12Error);
  });
});

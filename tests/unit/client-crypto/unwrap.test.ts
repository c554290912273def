/**
 * 不见面开标 in the browser (client/src/crypto/unwrap.ts) under Node 20's WebCrypto: the bidder's
 * PKCS#12 unwraps the content key of a bid the server library sealed, from the envelope the
 * opening route hands out, and that key opens the bid; another identity gets a clear error.
 */
import forge from 'node-forge';
import { openSealedBid, readBidPackage, sealBid, signBid, makeBidPackage, verifySignedBid } from '../../../server/bids';
import { parseAuthEnveloped } from '../../../server/bids/cms/auth-enveloped';
import { loadPkcs12, makePkcs12, unwrapContentKey, UnwrapError, type BidEnvelope } from '../../../client/src/crypto';
import { makeCsr } from '../../support/keys';

const TENDER = '01JTENDER0000000000000000A';
const PASSWORD = 'pw-口令';

type Holder = { keyPem: string; certPem: string };

/** A self-signed certificate over a fresh key; serialHex as forge writes it (a leading 00 stays in the DER). */
function holder(commonName: string, serialHex: string): Holder {
  const { keyPem } = makeCsr({ cn: commonName });
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2036-01-01T00:00:00Z');
  const name = [{ shortName: 'CN', value: forge.util.encodeUtf8(commonName), valueTagClass: forge.asn1.Type.UTF8 }] as unknown as forge.pki.CertificateField[];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(key, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

const p12Of = (h: Holder): Uint8Array => makePkcs12(forge.pki.privateKeyFromPem(h.keyPem) as forge.pki.rsa.PrivateKey, h.certPem, [], PASSWORD, 'bidder');

/** What GET /api/tenders/:id/opening/envelope returns for a sealed bid (its KeyTransRecipientInfos). */
function envelopeOf(der: Buffer): BidEnvelope {
  return {
    recipients: parseAuthEnveloped(der).recipients.map((r) => ({ serialNumber: r.serialNumber ?? '', encryptedKey: (r.encryptedKey as Buffer).toString('base64') })),
  };
}

describe('unwrapContentKey (client/src/crypto) under Node WebCrypto', () => {
  // NOTE: the bidder's serial has its high bit set, so its DER INTEGER starts with 00 and the server writes it without.
  const opening = holder('Opening key', '02a1');
  const bidder = holder('杭州示例建设有限公司', '008f3c5e');
  const stranger = holder('Someone Else', '03');
  let der: Buffer;

  beforeAll(() => {
    const zip = makeBidPackage({ bidJson: { tenderId: TENDER, price: '9876543.21' }, files: [{ name: '技术标.txt', data: Buffer.from('施工组织设计') }] });
    der = sealBid(signBid(zip, bidder.certPem, bidder.keyPem, new Date()), [opening.certPem, bidder.certPem]);
  });

  it('picks the recipient naming the bidder\'s certificate, unwraps 32 bytes, and the key opens the bid', async () => {
    const envelope = envelopeOf(der);
    expect(envelope.recipients.map((r) => r.serialNumber).sort()).toEqual(['02a1', '8f3c5e']);
    const identity = await loadPkcs12(p12Of(bidder), PASSWORD);
    const key = await unwrapContentKey(envelope, identity);
    expect(key).toHaveLength(32);
    const signed = openSealedBid(der, Buffer.from(key));
    const { zip } = verifySignedBid(signed, { trustedRootsPem: [bidder.certPem], at: new Date() });
    expect(readBidPackage(zip).bidJson).toEqual({ tenderId: TENDER, price: '9876543.21' });
  });

  it('matches serials written with upper case, separators or leading zero bytes, and tries every recipient when none matches', async () => {
    const envelope = envelopeOf(der);
    const identity = await loadPkcs12(p12Of(bidder), PASSWORD);
    const expected = Buffer.from(await unwrapContentKey(envelope, identity));
    const spelled = { recipients: envelope.recipients.map((r) => ({ ...r, serialNumber: r.serialNumber === '8f3c5e' ? '00:8F:3C:5E' : r.serialNumber })) };
    expect(Buffer.from(await unwrapContentKey(spelled, identity)).equals(expected)).toBe(true);
    const unnamed = { recipients: envelope.recipients.map((r) => ({ ...r, serialNumber: '' })).reverse() };
    expect(Buffer.from(await unwrapContentKey(unnamed, identity)).equals(expected)).toBe(true);
  });

  it('rejects with a clear error for an identity the bid is not sealed to, a wrong key behind a matching serial, and no recipients', async () => {
    const envelope = envelopeOf(der);
    const other = await loadPkcs12(p12Of(stranger), PASSWORD);
    await expect(unwrapContentKey(envelope, other)).rejects.toThrow(/not sealed to this certificate/);
    await expect(unwrapContentKey(envelope, other)).rejects.toMatchObject({ name: 'UnwrapError', reason: 'NOT_A_RECIPIENT' });
    const posing = { recipients: envelope.recipients.map((r) => ({ ...r, serialNumber: r.serialNumber === '8f3c5e' ? '03' : r.serialNumber })) };
    await expect(unwrapContentKey(posing, other)).rejects.toMatchObject({ reason: 'WRONG_KEY', message: expect.stringMatching(/does not decrypt with this private key/) });
    // the bidder's own serial (00 8f 3c 5e in its certificate) is recognised: only the opening key's wrapped key is left
    const mine = await loadPkcs12(p12Of(bidder), PASSWORD);
    const misfiled = { recipients: envelope.recipients.filter((r) => r.serialNumber === '02a1').map((r) => ({ ...r, serialNumber: '8f3c5e' })) };
    await expect(unwrapContentKey(misfiled, mine)).rejects.toMatchObject({ reason: 'WRONG_KEY' });
    const garbled = { recipients: [{ serialNumber: '03', encryptedKey: 'not base64!' }] };
    await expect(unwrapContentKey(garbled, other)).rejects.toBeInstanceOf(UnwrapError);
    await expect(unwrapContentKey({ recipients: [] }, other)).rejects.toMatchObject({ reason: 'NO_RECIPIENTS' });
  });
});

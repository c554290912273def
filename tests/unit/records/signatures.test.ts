import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import {
  assembleSignedData, embedSignature, issueRecord, prepareSignature, renderRecord, SignatureEmbedError, signAttributes, signDigest, signPdf, verifyRecordPdf,
} from '../../../server/records';
import { caPem, memberSigner, openingRecordModel, platformSigner, T0 } from '../../support/records';

const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const trust = () => ({ trustedRootsPem: [caPem()] });

describe('PDF record signatures', () => {
  let unsigned: Uint8Array;
  const platform = platformSigner();
  const member = memberSigner('评标专家 李四');

  beforeAll(async () => {
    unsigned = await renderRecord(openingRecordModel(40));
  });

  it('signs with the platform certificate: one valid signature covering the whole file, signer and time reported', async () => {
    const issued = await issueRecord(openingRecordModel(40), platform);
    const report = verifyRecordPdf(issued.pdf, trust());
    expect(report).toMatchObject({ valid: true, modifiedAfterLastSignature: false, sha256: issued.sha256, size: issued.size });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      signer: 'TenderHall Platform Signing', signingTime: new Date(T0).toISOString(), coversWholeDocument: true, digestValid: true, signatureValid: true, chainValid: true,
    });
  });

  it('keeps the platform signature valid after a member signs in an incremental update with a key the server never sees', async () => {
    const signed = await signPdf(unsigned, platform, { signingTime: at(0) });
    const prepared = await prepareSignature(signed, { signingTime: at(5), name: '李四', reason: '评标委员会成员签署评标报告' });
    expect(prepared.preparedPdf.subarray(0, signed.length).equals(Buffer.from(signed))).toBe(true);
    // The member's side: a CMS over the digest, made with the member's own key.
    const cms = signDigest(prepared.digest, member, at(5));
    const final = embedSignature(prepared.preparedPdf, cms);
    const report = verifyRecordPdf(final, trust());
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.signer, s.coversWholeDocument, s.valid])).toEqual([
      ['TenderHall Platform Signing', false, true],
      ['评标专家 李四', true, true],
    ]);
    expect(report.signatures[0].revisionLength).toBe(signed.length);
    expect(report.signatures[1]).toMatchObject({ name: '李四', reason: '评标委员会成员签署评标报告', signingTime: at(5).toISOString() });
  });

  it('prepares the same bytes and digest again for the same revision and signer details (nothing to keep between the two steps)', async () => {
    const info = { signingTime: at(3), name: '李四', reason: '评标委员会成员签署评标报告' };
    const [one, two] = [await prepareSignature(unsigned, info), await prepareSignature(unsigned, info)];
    expect(one.preparedPdf.equals(two.preparedPdf)).toBe(true);
    expect(one.digest.equals(two.digest)).toBe(true);
    expect(one.fieldName).toBe('Signature1');
  });

  it('accepts a raw signature over the prepared signed attributes (a signer that cannot build CMS)', async () => {
    const prepared = await prepareSignature(unsigned, { signingTime: at(1) });
    const signature = signAttributes(prepared.signedAttributes, member.keyPem);
    const final = embedSignature(prepared.preparedPdf, assembleSignedData(prepared.signedAttributes, signature, member.certPem, member.chainPem));
    expect(verifyRecordPdf(final, trust()).valid).toBe(true);
  });

  it('refuses to embed a signature made over another document or by a key that does not match the certificate', async () => {
    const prepared = await prepareSignature(unsigned, { signingTime: at(1) });
    const other = await prepareSignature(await renderRecord(openingRecordModel(3)), { signingTime: at(1) });
    expect(() => embedSignature(prepared.preparedPdf, signDigest(other.digest, member, at(1)))).toThrow(SignatureEmbedError);
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(() => embedSignature(prepared.preparedPdf, signDigest(prepared.digest, { ...member, keyPem: wrongKey }, at(1)))).toThrow(/does not verify/);
    expect(() => embedSignature(unsigned, signDigest(prepared.digest, member, at(1)))).toThrow(/prepare it first/);
  });

  it('fails verification when any signed byte changes, or bytes follow the last signature', async () => {
    const signed = await signPdf(unsigned, platform, { signingTime: at(0) });
    const flipped = Buffer.from(signed);
    flipped[Math.floor(flipped.length / 3)] ^= 0x01;
    const report = verifyRecordPdf(flipped, trust());
    expect(report.valid).toBe(false);
    expect(report.signatures[0].digestValid).toBe(false);

    const appended = Buffer.concat([signed, Buffer.from('\n% unsigned\n')]);
    expect(verifyRecordPdf(appended, trust())).toMatchObject({ valid: false, modifiedAfterLastSignature: true });
  });

  it('reports a signer whose certificate does not chain to a trusted root', async () => {
    const key = forge.pki.rsa.generateKeyPair(1024);
    const cert = forge.pki.createCertificate();
    cert.publicKey = key.publicKey;
    cert.serialNumber = '0a';
    cert.validity.notBefore = new Date(T0 - 86_400_000);
    cert.validity.notAfter = new Date(T0 + 86_400_000);
    cert.setSubject([{ shortName: 'CN', value: 'Self Signed' }]);
    cert.setIssuer([{ shortName: 'CN', value: 'Self Signed' }]);
    cert.sign(key.privateKey, forge.md.sha256.create());
    const self = { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key.privateKey) };
    const report = verifyRecordPdf(await signPdf(unsigned, self, { signingTime: at(0) }), trust());
    expect(report.valid).toBe(false);
    expect(report.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, chainValid: false });
  });

  it('says so for a PDF without signatures or bytes that are not a PDF', () => {
    expect(verifyRecordPdf(unsigned, trust())).toMatchObject({ valid: false, signatures: [], problems: ['the PDF has no signature'] });
    expect(verifyRecordPdf(Buffer.from('hello'), trust()).valid).toBe(false);
  });
});

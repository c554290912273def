/**
 * The browser's half of a member's report signature (client/src/crypto signDetachedAttributes),
 * run under Node 20's WebCrypto: the CMS it makes over the platform's signed attributes is accepted
 * by the server's embedSignature and verifies in the finished PDF — with the key loaded from a PKCS#12.
 */
import forge from 'node-forge';
import { loadPkcs12, makePkcs12, signDetachedAttributes } from '../../../client/src/crypto';
import { embedSignature, prepareSignature, renderRecord, signPdf, verifyRecordPdf } from '../../../server/records';
import { parseDetachedCms } from '../../../server/records/cms';
import { caPem, memberSigner, openingRecordModel, platformSigner, T0 } from '../../support/records';

describe('signDetachedAttributes (browser report signing)', () => {
  it('makes a detached CMS over the prepared digest that the server embeds and verifyRecordPdf accepts', async () => {
    const platformSigned = await signPdf(await renderRecord({ ...openingRecordModel(3), title: '评标报告' }), platformSigner(), { signingTime: new Date(T0) });
    const prepared = await prepareSignature(platformSigned, { signingTime: new Date(T0 + 60_000), name: '王五', reason: '评标委员会成员签署评标报告' });
    const member = memberSigner('评标专家 王五');
    const p12 = makePkcs12(forge.pki.privateKeyFromPem(member.keyPem) as forge.pki.rsa.PrivateKey, member.certPem, [caPem()], '口令-123', 'member');
    const identity = await loadPkcs12(p12, '口令-123');

    const cms = await signDetachedAttributes(prepared.signedAttributes, identity.certPem, identity.chainPems, identity.signingKey);
    const parsed = parseDetachedCms(Buffer.from(cms));
    expect(parsed.signatureValid).toBe(true);
    expect(parsed.messageDigest?.equals(prepared.digest)).toBe(true);
    expect(parsed.otherCertsPem).toHaveLength(1);

    const signed = embedSignature(prepared.preparedPdf, cms);
    const report = verifyRecordPdf(signed, { trustedRootsPem: [caPem()] });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.signer)).toEqual(['TenderHall Platform Signing', '评标专家 王五']);
  });

  it('a key that is not the certificate’s makes a CMS the server refuses to embed', async () => {
    const platformSigned = await signPdf(await renderRecord({ ...openingRecordModel(1), title: '评标报告' }), platformSigner(), { signingTime: new Date(T0) });
    const prepared = await prepareSignature(platformSigned, { signingTime: new Date(T0 + 60_000), name: '李四' });
    const member = memberSigner('评标专家 李四');
    const other = memberSigner('评标专家 赵六');
    const p12 = makePkcs12(forge.pki.privateKeyFromPem(other.keyPem) as forge.pki.rsa.PrivateKey, other.certPem, [], 'pw-123456', 'other');
    const wrongKey = (await loadPkcs12(p12, 'pw-123456')).signingKey;
    const cms = await signDetachedAttributes(prepared.signedAttributes, member.certPem, [], wrongKey);
    expect(() => embedSignature(prepared.preparedPdf, cms)).toThrow(/does not verify/);
  });
});

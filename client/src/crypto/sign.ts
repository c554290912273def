import { parseCertificate } from './certificate';
import { TAG, algorithm, concat, header, integer, nullValue, octetString, oid, seq, setOf, time, tlv, type Bytes } from './der';
import { OID } from './oids';

/**
 * CMS SignedData (RFC 5652), content attached, SHA-256, one RSA signer with its certificate: the
 * browser port of server/bids/cms/signed-data.ts buildSignedData (same attributes, same layout).
 * The private key is a WebCrypto key (RSASSA-PKCS1-v1_5, SHA-256); it never leaves this module.
 */
export async function signBid(content: Uint8Array, signerCert: string | Uint8Array, signerKey: CryptoKey, signingTime: Date): Promise<Bytes> {
  const cert = parseCertificate(signerCert);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', content as Uint8Array<ArrayBuffer>));
  const signedAttrs = setOf(
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(time(signingTime))),
    seq(oid(OID.messageDigest), setOf(octetString(digest))),
  );
  const signerInfo = await signerInfoOver(signedAttrs, cert, signerKey);

  const contentOctetsHeader = header(TAG.OCTET_STRING, content.length);
  const eContentLength = contentOctetsHeader.length + content.length;
  const eContentHeader = header(TAG.ctx(0), eContentLength);
  const dataOid = oid(OID.data);
  const encapHeader = header(TAG.SEQUENCE, dataOid.length + eContentHeader.length + eContentLength);
  const encapLength = encapHeader.length + dataOid.length + eContentHeader.length + eContentLength;
  const before = concat([integer(1), setOf(algorithm(OID.sha256))]);
  const after = concat([tlv(TAG.ctx(0), cert.der), tlv(TAG.SET, signerInfo)]);
  const sdLength = before.length + encapLength + after.length;
  const sdHeader = header(TAG.SEQUENCE, sdLength);
  const explicitHeader = header(TAG.ctx(0), sdHeader.length + sdLength);
  const typeOid = oid(OID.signedData);
  const ciHeader = header(TAG.SEQUENCE, typeOid.length + explicitHeader.length + sdHeader.length + sdLength);
  return concat([ciHeader, typeOid, explicitHeader, sdHeader, before, encapHeader, dataOid, eContentHeader, contentOctetsHeader, content, after]);
}

/** A SignerInfo (RFC 5652 §5.3) whose RSA signature covers `signedAttrs` (a DER SET OF attributes). */
async function signerInfoOver(signedAttrs: Uint8Array, cert: ReturnType<typeof parseCertificate>, signerKey: CryptoKey): Promise<Bytes> {
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, signerKey, signedAttrs as Uint8Array<ArrayBuffer>));
  // The signature covers the attributes as a SET OF; in the SignerInfo they are [0] IMPLICIT.
  const signedAttrsImplicit = concat([Uint8Array.from([TAG.ctx(0)]), signedAttrs.subarray(1)]);
  return seq(integer(1), seq(cert.issuerDer, cert.serialDer), algorithm(OID.sha256), signedAttrsImplicit, algorithm(OID.rsaEncryption, nullValue()), octetString(signature));
}

/**
 * A detached CMS SignedData for a PDF signature (adbe.pkcs7.detached): the platform prepared the
 * byte range and sent the signed attributes (contentType, signingTime, messageDigest) as a DER SET;
 * the member's key signs exactly those bytes here and never leaves the browser.
 */
export async function signDetachedAttributes(signedAttrs: Uint8Array, signerCert: string | Uint8Array, chain: (string | Uint8Array)[], signerKey: CryptoKey): Promise<Bytes> {
  const cert = parseCertificate(signerCert);
  const signerInfo = await signerInfoOver(signedAttrs, cert, signerKey);
  const certificates = tlv(TAG.ctx(0), cert.der, ...chain.map((c) => parseCertificate(c).der));
  const signedData = seq(integer(1), setOf(algorithm(OID.sha256)), seq(oid(OID.data)), certificates, tlv(TAG.SET, signerInfo));
  return seq(oid(OID.signedData), tlv(TAG.ctx(0), signedData));
}

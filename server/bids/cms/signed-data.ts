import { createHash, createPrivateKey, verify as verifySignature, sign as createSignature, X509Certificate } from 'node:crypto';
import { HttpError } from '../../http/errors';
import {
  CONTEXT, T, UNIVERSAL, childrenOf, contentOf, expectTag, integerHexOf, isTag, octetSegments, octetsOf, oidOf, rawOf, readRoot,
  smallIntOf, type BerNode,
} from './ber';
import { TAG, algorithm, header, integer, nullValue, octetString, oid, seq, setOf, time, tlv } from './der';
import { malformed } from './errors';
import { DIGESTS, OID, OID_NAMES } from './oids';
import { parseCertificate, type CertInfo } from './x509';

/** CMS SignedData (RFC 5652), content attached, SHA-256, one signer with its certificate. */

/** Builds ContentInfo(SignedData) around content; the content is copied once, into the output. */
export function buildSignedData(content: Buffer, signerCertPem: string, signerKeyPem: string, signingTime: Date): Buffer {
  const cert = parseCertificate(signerCertPem);
  const key = createPrivateKey(signerKeyPem);
  const digest = createHash('sha256').update(content).digest();
  const attrs = [
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(time(signingTime))),
    seq(oid(OID.messageDigest), setOf(octetString(digest))),
  ];
  const signedAttrs = setOf(...attrs);
  let signatureAlg: Buffer;
  if (key.asymmetricKeyType === 'rsa') {
    signatureAlg = algorithm(OID.rsaEncryption, nullValue());
  } else if (key.asymmetricKeyType === 'ec') {
    signatureAlg = algorithm(OID.ecdsaWithSha256);
  } else {
    throw new HttpError(400, 'CERTIFICATE_INVALID', 'The signing key must be RSA or EC');
  }
  const signature = createSignature('sha256', signedAttrs, key);
  const signedAttrsImplicit = Buffer.concat([Buffer.from([TAG.ctx(0)]), signedAttrs.subarray(1)]);
  const signerInfo = seq(integer(1), seq(cert.issuerDer, cert.serialDer), algorithm(OID.sha256), signedAttrsImplicit, signatureAlg, octetString(signature));

  const contentOctetsHeader = header(TAG.OCTET_STRING, content.length);
  const eContentLength = contentOctetsHeader.length + content.length;
  const eContentHeader = header(TAG.ctx(0), eContentLength);
  const dataOid = oid(OID.data);
  const encapHeader = header(TAG.SEQUENCE, dataOid.length + eContentHeader.length + eContentLength);
  const encapLength = encapHeader.length + dataOid.length + eContentHeader.length + eContentLength;
  const before = Buffer.concat([integer(1), setOf(algorithm(OID.sha256))]);
  const after = Buffer.concat([tlv(TAG.ctx(0), cert.der), tlv(TAG.SET, signerInfo)]);
  const sdLength = before.length + encapLength + after.length;
  const sdHeader = header(TAG.SEQUENCE, sdLength);
  const explicitHeader = header(TAG.ctx(0), sdHeader.length + sdLength);
  const typeOid = oid(OID.signedData);
  const ciHeader = header(TAG.SEQUENCE, typeOid.length + explicitHeader.length + sdHeader.length + sdLength);
  return Buffer.concat([ciHeader, typeOid, explicitHeader, sdHeader, before, encapHeader, dataOid, eContentHeader, contentOctetsHeader, content, after]);
}

export type VerifiedSignedData = { content: Buffer; signer: CertInfo; certificates: CertInfo[]; signingTime: Date | null };

/**
 * Verifies ContentInfo(SignedData) (or a bare SignedData): one signer, signed attributes present,
 * contentType and messageDigest match, the signature verifies with the signer's certificate.
 * The chain is the caller's next step. Returns the content (a view when it was one segment).
 */
export function verifySignedData(der: Buffer): VerifiedSignedData {
  const fields = signedDataFields(der);
  let i = 0;
  smallIntOf(der, fields[i++], 'SignedData version');
  expectTag(fields[i++], UNIVERSAL, T.SET, 'digestAlgorithms SET');
  const [eTypeNode, eContentExplicit] = childrenOf(der, expectTag(fields[i++], UNIVERSAL, T.SEQUENCE, 'an EncapsulatedContentInfo'));
  const eContentType = oidOf(der, expectTag(eTypeNode, UNIVERSAL, T.OID, 'the signed content type'));
  if (eContentType !== OID.data) {
    throw malformed(`signed content type is ${OID_NAMES[eContentType] ?? eContentType}, not data`);
  }
  if (!isTag(eContentExplicit, CONTEXT, 0)) {
    throw malformed('the signed content is detached; DESIGN §5 requires it attached');
  }
  const eContentNode = expectTag(childrenOf(der, eContentExplicit)[0], UNIVERSAL, T.OCTET_STRING, 'the signed content OCTET STRING');
  const segments = octetSegments(der, eContentNode);
  const certificates: CertInfo[] = [];
  if (isTag(fields[i], CONTEXT, 0)) {
    for (const c of childrenOf(der, fields[i++])) {
      if (isTag(c, UNIVERSAL, T.SEQUENCE) && !c.indefinite) {
        certificates.push(parseCertificate(rawOf(der, c)));
      }
    }
  }
  if (isTag(fields[i], CONTEXT, 1)) {
    i++; // revocation info: revocation is checked against the platform's own records
  }
  const signerInfos = childrenOf(der, expectTag(fields[i++], UNIVERSAL, T.SET, 'signerInfos SET'));
  if (signerInfos.length !== 1) {
    throw malformed(`a bid has exactly one signer (found ${signerInfos.length})`);
  }
  return { content: segments.length === 1 ? segments[0] : Buffer.concat(segments), ...verifySigner(der, signerInfos[0], segments, certificates) };
}

function signedDataFields(der: Buffer): BerNode[] {
  const root = expectTag(readRoot(der), UNIVERSAL, T.SEQUENCE, 'a ContentInfo SEQUENCE');
  const top = childrenOf(der, root);
  if (isTag(top[0], UNIVERSAL, T.INTEGER)) {
    return top; // a bare SignedData
  }
  const type = oidOf(der, expectTag(top[0], UNIVERSAL, T.OID, 'a content type'));
  if (type !== OID.signedData) {
    throw malformed(`the opened content is ${OID_NAMES[type] ?? type}, not signedData`);
  }
  const inner = childrenOf(der, expectTag(top[1], CONTEXT, 0, 'the [0] content', true));
  return childrenOf(der, expectTag(inner[0], UNIVERSAL, T.SEQUENCE, 'a SignedData SEQUENCE'));
}

function verifySigner(der: Buffer, node: BerNode, segments: Buffer[], certificates: CertInfo[]) {
  const f = childrenOf(der, expectTag(node, UNIVERSAL, T.SEQUENCE, 'a SignerInfo'));
  smallIntOf(der, f[0], 'SignerInfo version');
  const signer = findSigner(der, f[1], certificates);
  const hashName = DIGESTS[oidOf(der, childrenOf(der, expectTag(f[2], UNIVERSAL, T.SEQUENCE, 'a digest AlgorithmIdentifier'))[0])];
  if (!hashName) {
    throw malformed('the digest algorithm is not SHA-256/384/512');
  }
  const attrsNode = f[3];
  if (!isTag(attrsNode, CONTEXT, 0) || attrsNode.indefinite) {
    throw malformed('the signer has no DER signed attributes');
  }
  const attrs = readAttributes(der, attrsNode);
  const signatureAlg = oidOf(der, childrenOf(der, expectTag(f[4], UNIVERSAL, T.SEQUENCE, 'a signature AlgorithmIdentifier'))[0]);
  const signature = octetsOf(der, expectTag(f[5], UNIVERSAL, T.OCTET_STRING, 'the signature'));

  const digest = createHash(hashName);
  segments.forEach((s) => digest.update(s));
  const messageDigest = attrs.get(OID.messageDigest);
  if (!messageDigest || !octetsOf(der, expectTag(messageDigest, UNIVERSAL, T.OCTET_STRING, 'messageDigest')).equals(digest.digest())) {
    throw new HttpError(400, 'BID_SIGNATURE_INVALID', 'The signed messageDigest does not match the content');
  }
  const contentType = attrs.get(OID.contentType);
  if (!contentType || oidOf(der, contentType) !== OID.data) {
    throw new HttpError(400, 'BID_SIGNATURE_INVALID', 'The signed contentType attribute is missing or wrong');
  }
  const signedBytes = Buffer.from(rawOf(der, attrsNode));
  signedBytes[0] = TAG.SET; // NOTE: RFC 5652 §5.4: the signature covers the attributes as a SET OF, not [0]
  const acceptable: string[] = [OID.rsaEncryption, OID.sha256WithRsa, OID.sha384WithRsa, OID.sha512WithRsa, OID.ecdsaWithSha256, OID.ecdsaWithSha384];
  if (!acceptable.includes(signatureAlg)) {
    throw new HttpError(400, 'BID_SIGNATURE_INVALID', `Unsupported signature algorithm ${signatureAlg}`);
  }
  if (!safeVerify(hashName, signedBytes, signer, signature)) {
    throw new HttpError(400, 'BID_SIGNATURE_INVALID', "The signature does not verify with the signer's certificate");
  }
  if (signer.keyUsage && !signer.keyUsage[0] && !signer.keyUsage[1]) {
    throw new HttpError(400, 'CERTIFICATE_INVALID', "The signer's certificate is not for digital signatures");
  }
  const signingTime = attrs.get(OID.signingTime);
  return { signer, certificates, signingTime: signingTime ? timeOf(der, signingTime) : null };
}

function safeVerify(hashName: string, data: Buffer, signer: CertInfo, signature: Buffer): boolean {
  try {
    return verifySignature(hashName, data, signer.x509.publicKey, signature);
  } catch {
    return false; // NOTE: node:crypto throws on some malformed signatures or keys instead of returning false
  }
}

function findSigner(der: Buffer, sid: BerNode | undefined, certificates: CertInfo[]): CertInfo {
  let found: CertInfo | undefined;
  if (isTag(sid, CONTEXT, 0)) {
    const ski = contentOf(der, sid).toString('hex');
    found = certificates.find((c) => c.subjectKeyId === ski);
  } else {
    const [issuer, serial] = childrenOf(der, expectTag(sid, UNIVERSAL, T.SEQUENCE, 'the signer identifier'));
    const issuerDer = rawOf(der, expectTag(issuer, UNIVERSAL, T.SEQUENCE, 'the signer issuer'));
    const serialHex = integerHexOf(der, serial, 'the signer serial number');
    found = certificates.find((c) => c.issuerDer.equals(issuerDer) && c.serialHex === serialHex);
  }
  if (!found) {
    throw new HttpError(400, 'CERTIFICATE_REQUIRED', "The signer's certificate is not included in the signed bid");
  }
  return found;
}

/** Signed attributes by OID → the single value (each must have exactly one). */
function readAttributes(der: Buffer, node: BerNode): Map<string, BerNode> {
  const out = new Map<string, BerNode>();
  for (const attr of childrenOf(der, node)) {
    const [type, values] = childrenOf(der, expectTag(attr, UNIVERSAL, T.SEQUENCE, 'an Attribute'));
    const id = oidOf(der, type);
    const list = childrenOf(der, expectTag(values, UNIVERSAL, T.SET, 'attribute values'));
    if (out.has(id) || (list.length !== 1 && ([OID.contentType, OID.messageDigest, OID.signingTime] as string[]).includes(id))) {
      throw malformed('a signed attribute is repeated or has several values');
    }
    out.set(id, list[0]);
  }
  return out;
}

function timeOf(der: Buffer, node: BerNode): Date {
  const text = node.constructed ? '' : contentOf(der, node).toString('latin1');
  let m: RegExpMatchArray | null = null;
  if (isTag(node, UNIVERSAL, T.UTC_TIME)) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (m) {
      m[1] = String(Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1]));
    }
  } else if (isTag(node, UNIVERSAL, T.GENERALIZED_TIME)) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  }
  if (!m) {
    throw malformed('bad signingTime');
  }
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The PEM of a parsed certificate. */
export function toPem(cert: CertInfo): string {
  return new X509Certificate(cert.der).toString();
}

import { createPrivateKey, createPublicKey, sign as rawSign, verify as rawVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/**
 * Detached CMS SignedData (RFC 5652) for PDF signatures (adbe.pkcs7.detached), built with
 * node-forge's ASN.1: SHA-256, signed attributes contentType, signingTime and messageDigest, the
 * signer's certificate chain included. The RSA/ECDSA primitive is node:crypto's (fast, and it takes
 * PEM keys of either kind).
 */

const asn1 = forge.asn1;
const { Class, Type } = asn1;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export type CmsSigner = { certPem: string; keyPem: string; /** intermediates and root, included in the CMS */ chainPem?: string[] };

const seq = (items: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, items);
const oid = (value: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary'));
const nul = () => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
const toDer = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// NOTE: /Contents is zero-padded after the DER; forge's options form lets trailing bytes be (its types know only a boolean).
const fromDer = (der: Buffer) => asn1.fromDer(forge.util.createBuffer(der.toString('binary')), { parseAllBytes: false } as unknown as boolean);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/** DER of the signed attributes (a SET, as signed) for a detached signature over `digest` (SHA-256). */
export function signedAttributesFor(digest: Buffer, signingTime: Date): Buffer {
  // NOTE: UTCTime up to 2049 (RFC 5652 §11.3); forge picks the form from the year.
  return toDer(set([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(signingTime))),
    attribute(OID.messageDigest, octets(digest)),
  ]));
}

/** Signs `signedAttributes` (DER SET) with the signer's key: RSA PKCS#1 v1.5 or ECDSA, SHA-256. */
export function signAttributes(signedAttributes: Buffer, keyPem: string): Buffer {
  return rawSign('sha256', signedAttributes, createPrivateKey(keyPem));
}

/** Assembles ContentInfo(SignedData), detached, from signed attributes and their signature. */
export function assembleSignedData(signedAttributes: Buffer, signature: Buffer, certPem: string, chainPem: string[] = []): Buffer {
  const cert = forge.pki.certificateFromPem(certPem);
  const certs = [certPem, ...chainPem].map((pem) => forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem)));
  const isEc = createPublicKey(certPem).asymmetricKeyType === 'ec';
  const attrs = fromDer(signedAttributes);
  // [0] IMPLICIT SignedAttributes: the SET's contents under a context tag.
  const implicitAttrs = asn1.create(Class.CONTEXT_SPECIFIC, 0, true, attrs.value as forge.asn1.Asn1[]);
  const sha256 = seq([oid(OID.sha256), nul()]);
  const signerInfo = seq([
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    seq([forge.pki.distinguishedNameToAsn1(cert.issuer), asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(cert.serialNumber))]),
    sha256,
    implicitAttrs,
    isEc ? seq([oid(OID.ecdsaWithSha256)]) : seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    set([seq([oid(OID.sha256), nul()])]),
    seq([oid(OID.data)]),
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, certs),
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/** A detached CMS signature over a SHA-256 digest: what a member's CLI or the platform makes. */
export function signDigest(digest: Buffer, signer: CmsSigner, signingTime: Date): Buffer {
  const attrs = signedAttributesFor(digest, signingTime);
  return assembleSignedData(attrs, signAttributes(attrs, signer.keyPem), signer.certPem, signer.chainPem);
}

export type ParsedCms = {
  signerCertPem: string;
  /** every certificate in the CMS other than the signer's */
  otherCertsPem: string[];
  digestAlgorithm: string;
  messageDigest: Buffer | null;
  contentType: string | null;
  signingTime: Date | null;
  /** the signature checks with the signer certificate's key over the signed attributes */
  signatureValid: boolean;
};

/** Reads a detached ContentInfo(SignedData) with one signer and checks its signature (not the digest, not the chain). */
export function parseDetachedCms(der: Buffer): ParsedCms {
  const root = fromDer(der);
  const [typeNode, explicit] = root.value as forge.asn1.Asn1[];
  if (asn1.derToOid(typeNode.value as string) !== OID.signedData) {
    throw new Error('not CMS SignedData');
  }
  const fields = ((explicit.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[]);
  const certNode = fields.find((f) => f.tagClass === Class.CONTEXT_SPECIFIC && f.type === 0);
  const certsPem = ((certNode?.value ?? []) as forge.asn1.Asn1[]).map((c) => pemOf(toDer(c)));
  const signerInfos = fields[fields.length - 1].value as forge.asn1.Asn1[];
  if (signerInfos.length !== 1) {
    throw new Error(`expected one signer, found ${signerInfos.length}`);
  }
  const si = signerInfos[0].value as forge.asn1.Asn1[];
  const [issuerAndSerial, digestAlg, attrsNode] = [si[1], si[2], si[3]];
  if (!(attrsNode.tagClass === Class.CONTEXT_SPECIFIC && attrsNode.type === 0)) {
    throw new Error('the signer has no signed attributes');
  }
  const serialHex = forge.util.bytesToHex((issuerAndSerial.value as forge.asn1.Asn1[])[1].value as string).replace(/^(00)+(?=.)/, '');
  const signerCertPem = certsPem.find((pem) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '') === serialHex.toLowerCase());
  if (!signerCertPem) {
    throw new Error('the signer certificate is not in the CMS');
  }
  const signedAttributes = toDer(set(attrsNode.value as forge.asn1.Asn1[]));
  const signature = Buffer.from(si[si.length - 1].value as string, 'binary');
  let signatureValid = false;
  try {
    signatureValid = rawVerify('sha256', signedAttributes, createPublicKey(signerCertPem), signature);
  } catch {
    signatureValid = false;
  }
  return {
    signerCertPem,
    otherCertsPem: certsPem.filter((p) => p !== signerCertPem),
    digestAlgorithm: asn1.derToOid((digestAlg.value as forge.asn1.Asn1[])[0].value as string),
    ...readAttributes(attrsNode.value as forge.asn1.Asn1[]),
    signatureValid,
  };
}

function readAttributes(attrs: forge.asn1.Asn1[]): Pick<ParsedCms, 'messageDigest' | 'contentType' | 'signingTime'> {
  const out: Pick<ParsedCms, 'messageDigest' | 'contentType' | 'signingTime'> = { messageDigest: null, contentType: null, signingTime: null };
  for (const attr of attrs) {
    const [typeNode, values] = attr.value as forge.asn1.Asn1[];
    const value = (values.value as forge.asn1.Asn1[])[0];
    const type = asn1.derToOid(typeNode.value as string);
    if (type === OID.messageDigest) {
      out.messageDigest = Buffer.from(value.value as string, 'binary');
    } else if (type === OID.contentType) {
      out.contentType = asn1.derToOid(value.value as string);
    } else if (type === OID.signingTime) {
      const time = value.type === Type.UTCTIME ? asn1.utcTimeToDate(value.value as string) : asn1.generalizedTimeToDate(value.value as string);
      // A mangled time string parses to an Invalid Date: no signing time, not a RangeError later.
      out.signingTime = Number.isNaN(time.getTime()) ? null : time;
    }
  }
  return out;
}

function pemOf(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export const CMS_OIDS = OID;

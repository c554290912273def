import { createCipheriv, createDecipheriv, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, constants } from 'node:crypto';
import { HttpError } from '../../http/errors';
import {
  CONTEXT, T, UNIVERSAL, childrenOf, contentOf, expectTag, integerHexOf, isTag, octetSegments, octetsOf, oidOf, rawOf, readRoot,
  smallIntOf, type BerNode,
} from './ber';
import { TAG, algorithm, header, integer, octetString, oid, seq, setOf, tlv } from './der';
import { malformed } from './errors';
import { OID, OID_NAMES } from './oids';
import { nameToString, parseCertificate, type CertInfo } from './x509';

/** CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084) and RSAES-OAEP (RFC 4055) recipients. */

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const CHUNK = 1 << 20;

/** RSAES-OAEP-params { hashFunc sha256, maskGenFunc mgf1(sha256) }, pSourceFunc default; as OpenSSL 3 writes them. */
const OAEP_SHA256 = algorithm(OID.rsaesOaep, seq(tlv(TAG.ctx(0), algorithm(OID.sha256)), tlv(TAG.ctx(1), algorithm(OID.mgf1, algorithm(OID.sha256)))));

export type Recipient = {
  kind: 'keyTransport' | 'other';
  /** issuerAndSerialNumber rid */
  issuer: string | null;
  serialNumber: string | null;
  subjectKeyIdentifier: string | null;
  /** 'rsaes-oaep-sha256-mgf1-sha256' (DESIGN §5), or another name / dotted OID */
  keyEncryptionAlgorithm: string;
};

export type ParsedRecipient = Recipient & { issuerDer: Buffer | null; encryptedKey: Buffer | null };

export type ParsedAuthEnveloped = {
  recipients: ParsedRecipient[];
  contentType: string;
  nonce: Buffer;
  /** ciphertext segments (views into the input; several when BER-segmented) */
  encryptedContent: Buffer[];
  encryptedContentLength: number;
  aad: Buffer | null;
  mac: Buffer;
};

/** Yields the DER of ContentInfo(AuthEnvelopedData) in pieces; the plaintext is encrypted 1 MiB at a time. */
export function* sealChunks(plaintext: Buffer, recipientCertPems: string[]): Generator<Buffer> {
  if (recipientCertPems.length === 0) {
    throw new HttpError(400, 'BID_WRONG_RECIPIENT', 'A sealed bid needs at least one recipient');
  }
  const key = randomBytes(32);
  const nonce = randomBytes(NONCE_BYTES);
  const recipientInfos = setOf(...recipientCertPems.map((pem) => keyTransRecipient(parseCertificate(pem), key)));
  const gcm = algorithm(OID.aes256Gcm, seq(octetString(nonce), integer(TAG_BYTES)));
  const contentHeader = header(TAG.ctxPrim(0), plaintext.length);
  const eciLength = oid(OID.data).length + gcm.length + contentHeader.length + plaintext.length;
  const eciHeader = header(TAG.SEQUENCE, eciLength);
  const version = integer(0);
  const macLength = 2 + TAG_BYTES;
  const aedLength = version.length + recipientInfos.length + eciHeader.length + eciLength + macLength;
  const aedHeader = header(TAG.SEQUENCE, aedLength);
  const explicitHeader = header(TAG.ctx(0), aedHeader.length + aedLength);
  const typeOid = oid(OID.authEnvelopedData);
  yield Buffer.concat([
    header(TAG.SEQUENCE, typeOid.length + explicitHeader.length + aedHeader.length + aedLength),
    typeOid, explicitHeader, aedHeader, version, recipientInfos, eciHeader, oid(OID.data), gcm, contentHeader,
  ]);
  // NOTE: OpenSSL's `cms -encrypt` seals the signed DER as id-data; we do the same so both open alike.
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  for (let i = 0; i < plaintext.length; i += CHUNK) {
    yield cipher.update(plaintext.subarray(i, i + CHUNK));
  }
  const last = cipher.final();
  if (last.length > 0) {
    yield last;
  }
  yield octetString(cipher.getAuthTag());
}

function keyTransRecipient(cert: CertInfo, contentKey: Buffer): Buffer {
  const publicKey = createPublicKey(cert.x509.publicKey.export({ type: 'spki', format: 'pem' }));
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new HttpError(400, 'CERTIFICATE_INVALID', 'A recipient certificate must hold an RSA key');
  }
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, contentKey);
  return seq(integer(0), seq(cert.issuerDer, cert.serialDer), OAEP_SHA256, octetString(encryptedKey));
}

/** Parses ContentInfo(AuthEnvelopedData) without decrypting; anything off is BID_MALFORMED. */
export function parseAuthEnveloped(der: Buffer): ParsedAuthEnveloped {
  const root = expectTag(readRoot(der), UNIVERSAL, T.SEQUENCE, 'a ContentInfo SEQUENCE');
  const [typeNode, explicit] = childrenOf(der, root);
  const contentType = oidOf(der, expectTag(typeNode, UNIVERSAL, T.OID, 'a content type'));
  if (contentType !== OID.authEnvelopedData) {
    throw malformed(`content type is ${OID_NAMES[contentType] ?? contentType}, not authEnvelopedData (RFC 5083)`);
  }
  const aed = childrenOf(der, expectTag(explicit, CONTEXT, 0, 'the [0] content', true));
  const fields = childrenOf(der, expectTag(aed[0], UNIVERSAL, T.SEQUENCE, 'an AuthEnvelopedData SEQUENCE'));
  let i = 0;
  if (smallIntOf(der, fields[i++], 'AuthEnvelopedData version') !== 0) {
    throw malformed('AuthEnvelopedData version must be 0');
  }
  if (isTag(fields[i], CONTEXT, 0)) {
    i++; // originatorInfo: certificates for the recipient's convenience, not needed here
  }
  const recipientSet = expectTag(fields[i++], UNIVERSAL, T.SET, 'recipientInfos SET');
  const recipients = childrenOf(der, recipientSet).map((ri) => parseRecipient(der, ri));
  if (recipients.length === 0) {
    throw malformed('no recipients');
  }
  const eci = parseEncryptedContentInfo(der, expectTag(fields[i++], UNIVERSAL, T.SEQUENCE, 'an EncryptedContentInfo SEQUENCE'));
  let aad: Buffer | null = null;
  if (isTag(fields[i], CONTEXT, 1)) {
    const attrs = fields[i++];
    if (attrs.indefinite) {
      throw malformed('authenticated attributes must be DER');
    }
    aad = Buffer.from(rawOf(der, attrs));
    aad[0] = TAG.SET; // NOTE: RFC 5083 §2.2: the AAD is the DER of the SET OF, not of the [1] IMPLICIT tag
  }
  const mac = octetsOf(der, expectTag(fields[i++], UNIVERSAL, T.OCTET_STRING, 'the mac OCTET STRING'));
  if (mac.length !== eci.icvLength) {
    throw malformed(`mac is ${mac.length} bytes but the algorithm says ${eci.icvLength}`);
  }
  if (isTag(fields[i], CONTEXT, 2)) {
    i++;
  }
  if (i !== fields.length) {
    throw malformed('unexpected fields after the mac');
  }
  return { recipients, ...eci, aad, mac };
}

function parseEncryptedContentInfo(der: Buffer, node: BerNode) {
  const [typeNode, algNode, contentNode, extra] = childrenOf(der, node);
  const contentType = oidOf(der, expectTag(typeNode, UNIVERSAL, T.OID, 'the encrypted content type'));
  const [algOid, params, more] = childrenOf(der, expectTag(algNode, UNIVERSAL, T.SEQUENCE, 'a content-encryption AlgorithmIdentifier'));
  const alg = oidOf(der, expectTag(algOid, UNIVERSAL, T.OID, 'a content-encryption algorithm'));
  if (alg !== OID.aes256Gcm) {
    throw malformed(`content encryption is ${OID_NAMES[alg] ?? alg}, not aes-256-gcm (DESIGN §5)`);
  }
  if (more) {
    throw malformed('bad content-encryption AlgorithmIdentifier');
  }
  const [nonceNode, icvNode, tooMany] = childrenOf(der, expectTag(params, UNIVERSAL, T.SEQUENCE, 'GCMParameters'));
  const nonce = octetsOf(der, expectTag(nonceNode, UNIVERSAL, T.OCTET_STRING, 'the GCM nonce'));
  const icvLength = icvNode ? smallIntOf(der, icvNode, 'the GCM ICV length') : 12;
  if (nonce.length !== NONCE_BYTES || icvLength < 12 || icvLength > 16 || tooMany) {
    throw malformed('GCMParameters must have a 12-byte nonce and an ICV length of 12 to 16 (RFC 5084)');
  }
  if (!isTag(contentNode, CONTEXT, 0)) {
    throw malformed('no encrypted content (detached content is not accepted)');
  }
  if (extra) {
    throw malformed('unexpected field in EncryptedContentInfo');
  }
  const encryptedContent = contentNode.constructed ? octetSegments(der, contentNode) : [contentOf(der, contentNode)];
  const encryptedContentLength = encryptedContent.reduce((n, s) => n + s.length, 0);
  return { contentType, nonce, icvLength, encryptedContent, encryptedContentLength };
}

export function parseRecipient(der: Buffer, node: BerNode): ParsedRecipient {
  const none = { issuer: null, issuerDer: null, serialNumber: null, subjectKeyIdentifier: null, encryptedKey: null };
  if (node.tagClass !== UNIVERSAL || node.tag !== T.SEQUENCE) {
    if (node.tagClass !== CONTEXT || node.tag > 4) {
      throw malformed('bad RecipientInfo');
    }
    const kinds = ['', 'keyAgreement', 'kek', 'password', 'other'];
    return { kind: 'other', ...none, keyEncryptionAlgorithm: kinds[node.tag] };
  }
  const [versionNode, rid, algNode, keyNode, extra] = childrenOf(der, node);
  smallIntOf(der, versionNode, 'KeyTransRecipientInfo version');
  if (!keyNode || extra) {
    throw malformed('bad KeyTransRecipientInfo');
  }
  const encryptedKey = octetsOf(der, expectTag(keyNode, UNIVERSAL, T.OCTET_STRING, 'the encrypted key'));
  const keyEncryptionAlgorithm = keyAlgorithmName(der, expectTag(algNode, UNIVERSAL, T.SEQUENCE, 'a key-encryption AlgorithmIdentifier'));
  if (isTag(rid, CONTEXT, 0)) {
    const ski = contentOf(der, rid).toString('hex');
    return { kind: 'keyTransport', ...none, subjectKeyIdentifier: ski, keyEncryptionAlgorithm, encryptedKey };
  }
  const [issuerNode, serialNode, tooMany] = childrenOf(der, expectTag(rid, UNIVERSAL, T.SEQUENCE, 'an IssuerAndSerialNumber'));
  if (!serialNode || tooMany) {
    throw malformed('bad IssuerAndSerialNumber');
  }
  return {
    kind: 'keyTransport',
    issuer: nameToString(der, issuerNode),
    issuerDer: rawOf(der, issuerNode),
    serialNumber: integerHexOf(der, serialNode, 'serial number'),
    subjectKeyIdentifier: null,
    keyEncryptionAlgorithm,
    encryptedKey,
  };
}

/** Names the key-encryption algorithm; the one DESIGN §5 asks for is 'rsaes-oaep-sha256-mgf1-sha256'. */
function keyAlgorithmName(der: Buffer, node: BerNode): string {
  const [algOid, params] = childrenOf(der, node);
  const alg = oidOf(der, algOid);
  if (alg !== OID.rsaesOaep) {
    return OID_NAMES[alg] ?? alg;
  }
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let pSourceDefault = true;
  if (params && isTag(params, UNIVERSAL, T.SEQUENCE)) {
    for (const p of childrenOf(der, params)) {
      if (p.tagClass !== CONTEXT || !p.constructed) {
        throw malformed('bad RSAES-OAEP-params');
      }
      const inner = childrenOf(der, expectTag(childrenOf(der, p)[0], UNIVERSAL, T.SEQUENCE, 'an AlgorithmIdentifier'));
      const innerOid = oidOf(der, inner[0]);
      if (p.tag === 0) {
        hash = hashName(innerOid);
      } else if (p.tag === 1) {
        const mgfParams = inner[1] ? childrenOf(der, expectTag(inner[1], UNIVERSAL, T.SEQUENCE, 'MGF1 hash')) : [];
        mgfHash = innerOid === OID.mgf1 && mgfParams[0] ? hashName(oidOf(der, mgfParams[0])) : innerOid;
      } else if (p.tag === 2) {
        const label = inner[1] ? octetsOf(der, inner[1]) : Buffer.alloc(0);
        pSourceDefault = innerOid === OID.pSpecified && label.length === 0;
      }
    }
  } else if (params && !isTag(params, UNIVERSAL, T.NULL)) {
    throw malformed('bad RSAES-OAEP-params');
  }
  return `rsaes-oaep-${hash}-mgf1-${mgfHash}${pSourceDefault ? '' : '-label'}`;
}

function hashName(dotted: string): string {
  return ({ '1.3.14.3.2.26': 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' } as Record<string, string>)[dotted] ?? dotted;
}

/** The recipient that names this certificate (issuer and serial, or subject key identifier). */
export function findRecipient(parsed: Pick<ParsedAuthEnveloped, 'recipients'>, cert: CertInfo): ParsedRecipient | undefined {
  return parsed.recipients.find(
    (r) =>
      r.kind === 'keyTransport' &&
      ((r.issuerDer !== null && r.issuerDer.equals(cert.issuerDer) && r.serialNumber === cert.serialHex) ||
        (r.subjectKeyIdentifier !== null && r.subjectKeyIdentifier === cert.subjectKeyId)),
  );
}

/** RSA-OAEP-decrypts a recipient's content key; failures are BID_DECRYPTION_FAILED. */
export function decryptContentKey(recipient: ParsedRecipient, privateKeyPem: string): Buffer {
  if (recipient.keyEncryptionAlgorithm !== 'rsaes-oaep-sha256-mgf1-sha256' || !recipient.encryptedKey) {
    throw malformed(`key transport ${recipient.keyEncryptionAlgorithm} is not RSAES-OAEP with SHA-256/MGF1-SHA-256 (DESIGN §5)`);
  }
  let key: Buffer;
  try {
    key = privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, recipient.encryptedKey);
  } catch {
    throw new HttpError(400, 'BID_DECRYPTION_FAILED', 'The content key does not decrypt with this private key');
  }
  if (key.length !== 32) {
    throw new HttpError(400, 'BID_DECRYPTION_FAILED', 'The decrypted content key is not an AES-256 key');
  }
  return key;
}

/** AES-256-GCM-decrypts into one preallocated buffer and checks the tag; a mismatch is BID_DECRYPTION_FAILED. */
export function decryptContent(parsed: ParsedAuthEnveloped, contentKey: Buffer): Buffer {
  if (contentKey.length !== 32) {
    throw new HttpError(400, 'BID_DECRYPTION_FAILED', 'The content key must be 32 bytes (AES-256)');
  }
  const decipher = createDecipheriv('aes-256-gcm', contentKey, parsed.nonce, { authTagLength: parsed.mac.length });
  decipher.setAuthTag(parsed.mac);
  if (parsed.aad) {
    decipher.setAAD(parsed.aad);
  }
  const out = Buffer.allocUnsafe(parsed.encryptedContentLength);
  let at = 0;
  for (const segment of parsed.encryptedContent) {
    for (let i = 0; i < segment.length; i += CHUNK) {
      at += decipher.update(segment.subarray(i, i + CHUNK)).copy(out, at);
    }
  }
  try {
    at += decipher.final().copy(out, at);
  } catch {
    out.fill(0);
    throw new HttpError(400, 'BID_DECRYPTION_FAILED', 'The authentication tag does not match: wrong content key or altered bid');
  }
  return out.subarray(0, at);
}

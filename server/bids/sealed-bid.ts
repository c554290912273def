import { HttpError } from '../http/errors';
import { assertCertificateChain } from '../pki';
import { TAG_BYTES, decryptContent, decryptContentKey, findRecipient, parseAuthEnveloped, sealChunks, type Recipient } from './cms/auth-enveloped';
import { parseAuthEnvelopedHeader } from './cms/auth-enveloped-header';
import { OID_NAMES } from './cms/oids';
import { buildSignedData, toPem, verifySignedData } from './cms/signed-data';
import { parseCertificate } from './cms/x509';

/**
 * The sealed bid of DESIGN §5, one module for sealing and opening:
 * ZIP (bid.json first) → CMS SignedData → CMS AuthEnvelopedData (AES-256-GCM, RSAES-OAEP-SHA256) → DER.
 *
 * Memory: each step holds its input and its output once. sealBid/signBid compute the DER
 * lengths first and write into one allocation; openSealedBid decrypts the ciphertext views
 * into one allocation; verifySignedBid returns a view of the ZIP inside the signed DER.
 * sealBidChunks is the streaming form of sealBid (header, 1 MiB ciphertext chunks, tag).
 */
export { makeBidPackage, readBidPackage, DEFAULT_PACKAGE_LIMITS, type BidFile, type BidPackage, type PackageLimits } from './package';
export type { Recipient } from './cms/auth-enveloped';

export type SealedBidInspection = {
  contentType: 'authEnvelopedData';
  contentEncryptionAlgorithm: 'aes-256-gcm';
  /** what was sealed: 'data' (the OpenSSL way, the signed DER as octets) or 'signedData' */
  encryptedContentType: string;
  encryptedContentLength: number;
  macLength: number;
  recipients: Recipient[];
};

/** Signs a bid package: CMS SignedData, content attached, SHA-256, signed contentType/messageDigest/signingTime. */
export function signBid(zip: Buffer, signerCertPem: string, signerKeyPem: string, signingTime: Date): Buffer {
  return buildSignedData(zip, signerCertPem, signerKeyPem, signingTime);
}

/** Streams the sealed bid: ContentInfo(AuthEnvelopedData) DER in pieces (for uploads and files). */
export function sealBidChunks(signedDer: Buffer, recipientCertPems: string[]): Generator<Buffer> {
  return sealChunks(signedDer, recipientCertPems);
}

/** Seals signed DER to every recipient certificate; returns the DER in one allocation. */
export function sealBid(signedDer: Buffer, recipientCertPems: string[]): Buffer {
  let out: Buffer | null = null;
  let at = 0;
  for (const chunk of sealChunks(signedDer, recipientCertPems)) {
    // NOTE: the first chunk is the whole header; the rest is ciphertext (same length as the plaintext) and the tag.
    out ??= Buffer.allocUnsafe(chunk.length + signedDer.length + 2 + TAG_BYTES);
    at += chunk.copy(out, at);
  }
  if (!out || at !== out.length) {
    throw new Error('sealed bid length mismatch');
  }
  return out;
}

/** Checks the structure without decrypting and lists the recipients; malformed input is 400 BID_MALFORMED. */
export function inspectSealedBid(der: Buffer): SealedBidInspection {
  const parsed = parseAuthEnveloped(der);
  return {
    contentType: 'authEnvelopedData',
    contentEncryptionAlgorithm: 'aes-256-gcm',
    encryptedContentType: OID_NAMES[parsed.contentType] ?? parsed.contentType,
    encryptedContentLength: parsed.encryptedContentLength,
    macLength: parsed.mac.length,
    recipients: parsed.recipients.map(({ kind, issuer, serialNumber, subjectKeyIdentifier, keyEncryptionAlgorithm }) => ({
      kind, issuer, serialNumber, subjectKeyIdentifier, keyEncryptionAlgorithm,
    })),
  };
}

/** What a sealed bid's first bytes say: the inspection, and whether it is sealed to a certificate. */
export type SealedBidHeader = Omit<SealedBidInspection, 'encryptedContentLength' | 'macLength'> & {
  /** null when the content is BER-segmented and was not read */
  encryptedContentLength: number | null;
  /** the whole bid was in the prefix and parsed completely */
  complete: boolean;
  /** a DESIGN §5 recipient (RSAES-OAEP-SHA256) for this certificate */
  isSealedTo(certPem: string): boolean;
};

/**
 * inspectSealedBid for a stored bid read only in part: prefix is its first bytes (1 MiB is plenty:
 * the recipients come before the ciphertext), totalSize its size; declared lengths are checked
 * against totalSize. Malformed or truncated input is 400 BID_MALFORMED.
 */
export function inspectSealedBidPrefix(prefix: Buffer, totalSize: number): SealedBidHeader {
  const parsed = parseAuthEnvelopedHeader(prefix, totalSize);
  return {
    contentType: 'authEnvelopedData',
    contentEncryptionAlgorithm: 'aes-256-gcm',
    encryptedContentType: OID_NAMES[parsed.contentType] ?? parsed.contentType,
    encryptedContentLength: parsed.encryptedContentLength,
    complete: parsed.complete,
    recipients: parsed.recipients.map(({ kind, issuer, serialNumber, subjectKeyIdentifier, keyEncryptionAlgorithm }) => ({
      kind, issuer, serialNumber, subjectKeyIdentifier, keyEncryptionAlgorithm,
    })),
    isSealedTo: (certPem) => findRecipient(parsed, parseCertificate(certPem))?.keyEncryptionAlgorithm === 'rsaes-oaep-sha256-mgf1-sha256',
  };
}

/**
 * The wrapped content keys of a sealed bid, read from its first bytes (see inspectSealedBidPrefix):
 * what a recipient needs to unwrap its content key on its own side (bidder-mode opening).
 */
export function keyEnvelopeOf(prefix: Buffer, totalSize: number): { serialNumber: string; encryptedKey: string }[] {
  return parseAuthEnvelopedHeader(prefix, totalSize)
    .recipients.filter((r) => r.kind === 'keyTransport' && r.serialNumber !== null && r.encryptedKey !== null)
    .map((r) => ({ serialNumber: (r.serialNumber as string).toLowerCase(), encryptedKey: (r.encryptedKey as Buffer).toString('base64') }));
}

/** Whether the sealed bid has a DESIGN §5 recipient (RSAES-OAEP-SHA256) for this certificate. */
export function hasRecipient(der: Buffer, certPem: string): boolean {
  const r = findRecipient(parseAuthEnveloped(der), parseCertificate(certPem));
  return r?.keyEncryptionAlgorithm === 'rsaes-oaep-sha256-mgf1-sha256';
}

/** The 32-byte content key, unwrapped with the recipient's private key. */
export function unwrapContentKey(der: Buffer, recipientCertPem: string, recipientKeyPem: string): Buffer {
  const parsed = parseAuthEnveloped(der);
  const recipient = findRecipient(parsed, parseCertificate(recipientCertPem));
  if (!recipient) {
    throw new HttpError(400, 'BID_WRONG_RECIPIENT', 'The bid is not sealed to this certificate');
  }
  return decryptContentKey(recipient, recipientKeyPem);
}

/** Decrypts with the content key and checks the GCM tag; returns the signed DER. */
export function openSealedBid(der: Buffer, contentKey: Buffer): Buffer {
  return decryptContent(parseAuthEnveloped(der), contentKey);
}

/** Verifies the signed bid (signature, messageDigest, certificate chain at `at`); returns the ZIP. */
export function verifySignedBid(signedDer: Buffer, { trustedRootsPem, at }: { trustedRootsPem: string[]; at: Date }): {
  zip: Buffer; signerCertPem: string; signingTime: Date | null;
} {
  const verified = verifySignedData(signedDer);
  const signerCertPem = toPem(verified.signer);
  const intermediates = verified.certificates.filter((c) => c !== verified.signer).map(toPem);
  assertCertificateChain(signerCertPem, trustedRootsPem, at, intermediates);
  return { zip: verified.content, signerCertPem, signingTime: verified.signingTime };
}

import { createHash } from 'node:crypto';
import { parseDetachedCms, signDigest, signedAttributesFor, type CmsSigner, CMS_OIDS } from './cms';
import { appendSignaturePlaceholder } from './pdf-update';

/** Bytes reserved for each CMS: a 4096-bit RSA signature with a three-certificate chain fits. */
export const DEFAULT_RESERVED_BYTES = 8192;

export type SignatureInfo = {
  signingTime: Date;
  /** the signer's name as shown by readers (/Name), e.g. the member's name */
  name?: string;
  /** e.g. '评标委员会成员签署评标报告' */
  reason?: string;
  location?: string;
  reservedBytes?: number;
};

export type PreparedSignature = {
  /** the PDF with the new signature field and an empty /Contents; keep it until embedSignature */
  preparedPdf: Buffer;
  byteRange: [number, number, number, number];
  fieldName: string;
  /** SHA-256 of the byte range: the messageDigest the signer's CMS must carry */
  digest: Buffer;
  /**
   * The signed attributes (DER SET: contentType, signingTime, messageDigest) for a signer that can
   * only make a raw RSA/ECDSA-SHA256 signature; assembleSignedData turns that into the CMS.
   */
  signedAttributes: Buffer;
};

/**
 * Step one of an external signature: appends a signature field (incremental update) and returns
 * what the signer signs. The signer's key never comes here: its CMS comes back to embedSignature.
 */
export async function prepareSignature(pdf: Uint8Array, info: SignatureInfo): Promise<PreparedSignature> {
  const reservedBytes = info.reservedBytes ?? DEFAULT_RESERVED_BYTES;
  const placeholder = await appendSignaturePlaceholder(pdf, { ...info, reservedBytes });
  const digest = byteRangeDigest(placeholder.bytes, placeholder.byteRange);
  return {
    preparedPdf: placeholder.bytes,
    byteRange: placeholder.byteRange,
    fieldName: placeholder.fieldName,
    digest,
    signedAttributes: signedAttributesFor(digest, info.signingTime),
  };
}

export class SignatureEmbedError extends Error {}

/**
 * Step two: writes the signer's detached CMS into the prepared PDF's last signature placeholder,
 * after checking that it signs exactly that byte range and that its signature verifies
 * (the certificate's trust is the caller's check, e.g. verifyRecordPdf or the PKI service).
 */
export function embedSignature(preparedPdf: Uint8Array, cmsDer: Uint8Array): Buffer {
  const pdf = Buffer.from(preparedPdf);
  const byteRange = lastByteRange(pdf);
  const [, contentsAt, contentsEnd] = byteRange;
  const capacity = (contentsEnd - contentsAt - 2) / 2;
  const placeholder = pdf.subarray(contentsAt + 1, contentsEnd - 1).toString('latin1');
  if (pdf[contentsAt] !== 0x3c || pdf[contentsEnd - 1] !== 0x3e || /[^0]/.test(placeholder)) {
    throw new SignatureEmbedError('the PDF has no empty signature placeholder: prepare it first');
  }
  const cms = Buffer.from(cmsDer);
  if (cms.length > capacity) {
    throw new SignatureEmbedError(`the signature is ${cms.length} bytes; ${capacity} were reserved`);
  }
  let parsed: ReturnType<typeof parseDetachedCms>;
  try {
    parsed = parseDetachedCms(cms);
  } catch (err) {
    throw new SignatureEmbedError(`not a detached CMS signature: ${(err as Error).message}`);
  }
  const digest = byteRangeDigest(pdf, byteRange);
  if (parsed.digestAlgorithm !== CMS_OIDS.sha256 || !parsed.messageDigest?.equals(digest)) {
    throw new SignatureEmbedError('the signature is not over this prepared document (SHA-256 of its byte range)');
  }
  if (!parsed.signatureValid) {
    throw new SignatureEmbedError('the signature does not verify with the signer certificate');
  }
  pdf.write(cms.toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return pdf;
}

/** Signs a PDF in one go (the platform's signature): prepare, CMS with the signer's key, embed. */
export async function signPdf(pdf: Uint8Array, signer: CmsSigner, info: SignatureInfo): Promise<Buffer> {
  const prepared = await prepareSignature(pdf, info);
  return embedSignature(prepared.preparedPdf, signDigest(prepared.digest, signer, info.signingTime));
}

/** SHA-256 of the two byte ranges a PDF signature covers. */
export function byteRangeDigest(pdf: Uint8Array, [a, b, c, d]: readonly number[]): Buffer {
  return createHash('sha256').update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest();
}

function lastByteRange(pdf: Buffer): [number, number, number, number] {
  const text = pdf.toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = all[all.length - 1];
  if (!last) {
    throw new SignatureEmbedError('the PDF has no signature placeholder: prepare it first');
  }
  const range = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (range[2] + range[3] !== pdf.length) {
    throw new SignatureEmbedError('the prepared PDF was changed after preparation');
  }
  return range;
}

import { HttpError } from '../http/errors';
import { fingerprint } from '../pki';
import type { Receipt } from './schema';
import { signBid, verifySignedBid } from './sealed-bid';

export type ReceiptVerdict = { valid: true; receipt: Receipt } | { valid: false; reason: string };

type Signer = { certPem: string; keyPem: string };

/** The receipt (回执) of one submission, keys in the contract's order (the signed bytes depend on it). */
export function buildReceipt(r: Receipt): Receipt {
  return {
    receiptId: r.receiptId,
    tenderId: r.tenderId,
    tenderCode: r.tenderCode,
    bidderId: r.bidderId,
    organizationName: r.organizationName,
    creditCode: r.creditCode,
    bidId: r.bidId,
    version: r.version,
    sha256: r.sha256,
    size: r.size,
    receivedAt: r.receivedAt,
  };
}

/** Signs JSON.stringify(receipt) as CMS SignedData (content attached) with the platform signing certificate; base64. */
export function signReceipt(receipt: Receipt, signer: Signer): { json: string; signature: string } {
  const json = JSON.stringify(receipt);
  const der = signBid(Buffer.from(json, 'utf8'), signer.certPem, signer.keyPem, new Date(receipt.receivedAt));
  return { json, signature: der.toString('base64') };
}

/**
 * Whether a receipt is genuine: the CMS signature verifies and chains to a trusted root at the
 * receipt's time, the signer is the platform signing certificate, and the signed bytes are
 * exactly JSON.stringify(receipt) as submitted (so any changed field fails).
 */
export function verifyReceipt(receipt: Record<string, unknown>, signatureB64: string, opts: { signerCertPem: string; trustedRootsPem: string[] }): ReceiptVerdict {
  const der = Buffer.from(signatureB64, 'base64');
  if (der.length === 0 || der.toString('base64').replace(/=+$/, '') !== signatureB64.replace(/\s+/g, '').replace(/=+$/, '')) {
    return { valid: false, reason: 'the signature is not base64' };
  }
  const at = typeof receipt.receivedAt === 'string' ? Date.parse(receipt.receivedAt) : NaN;
  if (Number.isNaN(at)) {
    return { valid: false, reason: 'receivedAt is not a time' };
  }
  let verified: ReturnType<typeof verifySignedBid>;
  try {
    verified = verifySignedBid(der, { trustedRootsPem: opts.trustedRootsPem, at: new Date(at) });
  } catch (err) {
    if (err instanceof HttpError) {
      return { valid: false, reason: `the signature does not verify: ${err.message}` };
    }
    throw err;
  }
  if (fingerprint(verified.signerCertPem) !== fingerprint(opts.signerCertPem)) {
    return { valid: false, reason: 'not signed by the platform signing certificate' };
  }
  if (!verified.zip.equals(Buffer.from(JSON.stringify(receipt), 'utf8'))) {
    return { valid: false, reason: 'the receipt differs from the signed content' };
  }
  return { valid: true, receipt: JSON.parse(verified.zip.toString('utf8')) as Receipt };
}

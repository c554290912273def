import { verifySignedBid } from '../server/bids';
import { CliError } from './errors';

/** The signature is CMS SignedData over JSON.stringify(receipt), by a certificate chaining to the CA. */
export function verifyOffline(receipt: Record<string, unknown>, signatureB64: string, caPem: string): void {
  const der = Buffer.from(signatureB64, 'base64');
  const at = typeof receipt.receivedAt === 'string' && !Number.isNaN(Date.parse(receipt.receivedAt)) ? new Date(receipt.receivedAt) : new Date();
  let content: Buffer;
  try {
    content = verifySignedBid(der, { trustedRootsPem: [caPem], at }).zip;
  } catch (e) {
    throw new CliError(`The receipt's signature is NOT valid: ${(e as Error).message}`, 1);
  }
  if (!content.equals(Buffer.from(JSON.stringify(receipt), 'utf8'))) {
    throw new CliError('The receipt is NOT valid: its fields differ from what the platform signed', 1);
  }
}

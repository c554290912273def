import { verifySignedBid } from '../server/bids';
import { CliError } from './errors';
import type { Io } from './main';
import { request } from './server-api';

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

/** tenderhall verify-receipt: offline against the CA (--ca) and/or by asking the server (--server). */
export async function verifyReceiptFile(
  { file, text, caPem, caName, server }: { file: string; text: string; caPem: string | null; caName: string | null; server: string | null },
  io: Io,
): Promise<void> {
  let saved: { receipt?: Record<string, unknown>; signature?: string };
  try {
    saved = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`, 1);
  }
  if (!saved.receipt || typeof saved.signature !== 'string') {
    throw new CliError(`${file} is not a receipt: {receipt, signature} expected`, 1);
  }
  if (caPem) {
    verifyOffline(saved.receipt, saved.signature, caPem);
    io.out(`Valid receipt: signed by the platform, chains to ${caName ?? 'the CA'}, and the signed JSON equals the receipt.`);
  }
  if (server) {
    const res = await request(server, '/receipts/verify', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ receipt: saved.receipt, signature: saved.signature }),
    });
    const answer = (await res.json()) as { valid: boolean; reason?: string };
    if (!answer.valid) {
      throw new CliError(`The server says the receipt is NOT valid: ${answer.reason ?? 'no reason given'}`, 1);
    }
    io.out('The server says the receipt is valid.');
  }
}

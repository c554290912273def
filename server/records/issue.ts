import { createHash } from 'node:crypto';
import type { CmsSigner } from './cms';
import type { RecordDocument } from './model';
import { renderRecord, type RenderOptions } from './render';
import { signPdf } from './sign';

export type IssuedRecord = { pdf: Buffer; sha256: string; size: number };

/**
 * Renders a record and signs it with the platform signing certificate (pki's platformSigner plus
 * the CA certificate as chain): the bytes to store as a blob, and the SHA-256 for the record list
 * and the audit trail. CPU work: call it outside any transaction.
 */
export async function issueRecord(doc: RecordDocument, platform: CmsSigner, opts: RenderOptions & { reason?: string } = {}): Promise<IssuedRecord> {
  const unsigned = await renderRecord(doc, opts);
  const pdf = await signPdf(unsigned, platform, { signingTime: doc.createdAt, name: doc.platformName, reason: opts.reason ?? `${doc.title}（平台签章）` });
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length };
}

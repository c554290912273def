import { parentPort } from 'node:worker_threads';
import { verifyRecordPdf, type RecordVerification } from './verify';
import { checkAddedSignatures, type SignedRevision } from './verify-updates';

/** What the pool sends a verify thread: read a PDF's signatures, or check the updates after its first one. */
export type VerifyJob =
  | { id: number; kind: 'signatures'; pdf: Uint8Array; trustedRootsPem: string[] }
  | { id: number; kind: 'updates'; pdf: Uint8Array; revisions: SignedRevision[] };
/** What a verify thread answers. */
export type VerifyReply =
  | { id: number; ok: true; kind: 'signatures'; result: RecordVerification }
  | { id: number; ok: true; kind: 'updates'; problems: string[] }
  | { id: number; ok: false; message: string };

/**
 * A record verify thread (started by verify-pool.ts through verify-worker.js): hashes, parses and
 * checks a PDF someone brought, off the main event loop, one job at a time. Jobs carry plain data only.
 */
const port = parentPort;
if (!port) {
  throw new Error('verify-thread.ts runs only as a worker thread (see verify-pool.ts)');
}

port.on('message', (job: VerifyJob) => {
  void run(job).then((reply) => port.postMessage(reply));
});

async function run(job: VerifyJob): Promise<VerifyReply> {
  try {
    if (job.kind === 'signatures') {
      return { id: job.id, ok: true, kind: 'signatures', result: verifyRecordPdf(job.pdf, { trustedRootsPem: job.trustedRootsPem }) };
    }
    return { id: job.id, ok: true, kind: 'updates', problems: await checkAddedSignatures(job.pdf, job.revisions) };
  } catch (err) {
    return { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

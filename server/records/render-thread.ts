import { parentPort, workerData } from 'node:worker_threads';
import type { CmsSigner } from './cms';
import { loadRecordFont } from './font';
import { issueRecord } from './issue';
import type { RecordDocument } from './model';

/** What the pool sends a render thread: one record to render and sign. */
export type RenderJob = { id: number; doc: RecordDocument; reason?: string };
/** What a render thread answers: the signed PDF, or why it could not make it. */
export type RenderReply = { id: number; ok: true; pdf: Uint8Array; sha256: string; size: number } | { id: number; ok: false; message: string };
/** Given once when the thread starts: the platform signer's PEMs (they never travel with a job). */
export type RenderThreadData = { signer: CmsSigner };

/**
 * A record render thread (started by render-pool.ts through render-worker.js): renders and signs one
 * record at a time with issueRecord, off the main event loop. Jobs carry plain data only.
 */
const port = parentPort;
if (!port) {
  throw new Error('render-thread.ts runs only as a worker thread (see render-pool.ts)');
}
const { signer } = workerData as RenderThreadData;
// Warm up before the first job: the font is decompressed and parsed once per thread.
loadRecordFont();

port.on('message', (job: RenderJob) => {
  void run(job).then((reply) => port.postMessage(reply));
});

async function run(job: RenderJob): Promise<RenderReply> {
  try {
    const issued = await issueRecord(job.doc, signer, { reason: job.reason });
    return { id: job.id, ok: true, pdf: issued.pdf, sha256: issued.sha256, size: issued.size };
  } catch (err) {
    return { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

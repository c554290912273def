import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { CmsSigner } from './cms';
import type { IssuedRecord } from './issue';
import type { RecordDocument } from './model';
import type { RenderJob, RenderReply, RenderThreadData } from './render-thread';

/** Renders and signs records (issueRecord) somewhere other than the caller's event loop. */
export type Renderer = {
  /** How many records it renders at once. */
  readonly size: number;
  issue(doc: RecordDocument, opts?: { reason?: string }): Promise<IssuedRecord>;
  /** Rejects what is queued, stops every thread; later issue() calls reject. */
  close(): Promise<void>;
};

export type RenderPoolOptions = {
  signer: CmsSigner;
  /** Threads; default min(2, cores − 1), at least 1: the rest of the machine serves requests. */
  size?: number;
  /** The thread's entry file (default render-worker.js); tests start a thread that misbehaves. */
  entry?: string;
  log?: Logger;
};

/** The worker entry: a .js file that loads the TypeScript implementation (render-thread.ts). */
export const RENDER_WORKER_ENTRY = path.join(__dirname, 'render-worker.js');

/** min(2, cores − 1), at least 1. */
export function defaultRenderPoolSize(): number {
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

type Job = RenderJob & { resolve: (r: IssuedRecord) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; job: Job | null; error: Error | null };

/**
 * A small pool of worker threads that render and sign records: 0.05–0.4 s of CPU each, which on
 * the main thread would stall sockets and submissions during a deadline rush. Threads start on the
 * first job, get the signer's PEMs once, and take one job at a time. A thread that dies rejects its
 * job (the record stays pending and a later pass retries it) and is replaced when work is queued.
 * Idle threads do not keep the process alive.
 */
export function createRenderPool(opts: RenderPoolOptions): Renderer {
  const size = Math.max(1, opts.size ?? defaultRenderPoolSize());
  const entry = opts.entry ?? RENDER_WORKER_ENTRY;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  return { size, issue, close };

  function issue(doc: RecordDocument, o: { reason?: string } = {}): Promise<IssuedRecord> {
    if (closed) {
      return Promise.reject(new Error('the record render pool is closed'));
    }
    return new Promise<IssuedRecord>((resolve, reject) => {
      queue.push({ id: nextId++, doc, reason: o.reason, resolve, reject });
      pump();
    });
  }

  function pump(): void {
    while (queue.length > 0 && !closed) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) {
        return;
      }
      const job = queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      const message: RenderJob = { id: job.id, doc: job.doc, reason: job.reason };
      slot.worker.postMessage(message);
    }
  }

  function spawn(): Slot {
    const data: RenderThreadData = { signer: { certPem: opts.signer.certPem, keyPem: opts.signer.keyPem, chainPem: opts.signer.chainPem } };
    const worker = new Worker(entry, { workerData: data });
    const slot: Slot = { worker, job: null, error: null };
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const job = slot.job;
      slot.job = null;
      worker.unref();
      if (job && job.id === reply.id) {
        if (reply.ok) {
          job.resolve({ pdf: Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength), sha256: reply.sha256, size: reply.size });
        } else {
          job.reject(new Error(reply.message));
        }
      }
      pump();
    });
    // 'exit' always follows 'error' (an uncaught exception in the thread).
    worker.on('error', (err) => {
      slot.error = err;
    });
    worker.on('exit', (code) => {
      slots.splice(slots.indexOf(slot), 1);
      const job = slot.job;
      slot.job = null;
      if (closed) {
        job?.reject(new Error('the record render pool is closed'));
        return;
      }
      const why = `the record render thread exited with code ${code}${slot.error ? `: ${slot.error.message}` : ''}`;
      opts.log?.error({ err: slot.error, code, jobId: job?.id }, 'record render thread exited; replaced when work is queued');
      job?.reject(new Error(why));
      pump();
    });
    slots.push(slot);
    return slot;
  }

  async function close(): Promise<void> {
    closed = true;
    for (const job of queue.splice(0)) {
      job.reject(new Error('the record render pool is closed'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

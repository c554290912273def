import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RetryLaterError } from '../http/errors';
import type { Logger } from '../logger';
import type { RecordVerification } from './verify';
import type { SignedRevision } from './verify-updates';
import type { VerifyJob, VerifyReply } from './verify-thread';

/** Checks PDFs someone brought (POST /records/verify) somewhere other than the caller's event loop. */
export type Verifier = {
  signatures(pdf: Uint8Array, trustedRootsPem: string[]): Promise<RecordVerification>;
  updates(pdf: Uint8Array, revisions: SignedRevision[]): Promise<string[]>;
  close(): Promise<void>;
};

export type VerifyPoolOptions = {
  /** jobs waiting for the thread before new ones are refused (429, Retry-After) */
  maxQueued?: number;
  entry?: string;
  log?: Logger;
};

export const VERIFY_WORKER_ENTRY = path.join(__dirname, 'verify-worker.js');
const DEFAULT_MAX_QUEUED = 8;

type Pending = { job: VerifyJob; resolve: (r: VerifyReply) => void; reject: (err: Error) => void };

/**
 * One worker thread for verification, a sibling of the render pool (render-pool.ts) so that strangers'
 * PDFs never take the render core from the platform's own records, nor the event loop from bids: a
 * 50 MB PDF is hashed there, and the main thread only matches hashes against the records table. The
 * queue is bounded: beyond it a request is refused at once (429 RATE_LIMITED, Retry-After) instead of
 * holding its body in memory. The thread starts on the first job and does not keep the process alive.
 */
export function createVerifyPool(opts: VerifyPoolOptions = {}): Verifier {
  const entry = opts.entry ?? VERIFY_WORKER_ENTRY;
  const maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let current: Pending | null = null;
  let nextId = 1;
  let closed = false;
  return { signatures, updates, close };

  async function signatures(pdf: Uint8Array, trustedRootsPem: string[]): Promise<RecordVerification> {
    const reply = await submit({ id: nextId++, kind: 'signatures', pdf: copyOf(pdf), trustedRootsPem });
    return (reply as Extract<VerifyReply, { kind: 'signatures' }>).result;
  }

  async function updates(pdf: Uint8Array, revisions: SignedRevision[]): Promise<string[]> {
    const reply = await submit({ id: nextId++, kind: 'updates', pdf: copyOf(pdf), revisions });
    return (reply as Extract<VerifyReply, { kind: 'updates' }>).problems;
  }

  function submit(job: VerifyJob): Promise<VerifyReply> {
    if (closed) {
      return Promise.reject(new Error('the record verify pool is closed'));
    }
    if (queue.length >= maxQueued) {
      return Promise.reject(new RetryLaterError(429, 'RATE_LIMITED', 'The record verifier is busy; try again in a few seconds', 5));
    }
    return new Promise<VerifyReply>((resolve, reject) => {
      queue.push({ job, resolve, reject });
      pump();
    });
  }

  function pump(): void {
    if (current || closed || queue.length === 0) {
      return;
    }
    current = queue.shift() as Pending;
    const w = worker ?? spawn();
    w.ref();
    // The PDF's memory moves to the thread instead of being copied again.
    w.postMessage(current.job, [current.job.pdf.buffer as ArrayBuffer]);
  }

  function spawn(): Worker {
    const w = new Worker(entry);
    let error: Error | null = null;
    worker = w;
    w.unref();
    w.on('message', (reply: VerifyReply) => {
      const done = current;
      current = null;
      w.unref();
      if (done && done.job.id === reply.id) {
        if (reply.ok) {
          done.resolve(reply);
        } else {
          done.reject(new Error(reply.message));
        }
      }
      pump();
    });
    w.on('error', (err) => {
      error = err;
    });
    w.on('exit', (code) => {
      worker = null;
      const done = current;
      current = null;
      if (!closed) {
        opts.log?.error({ err: error, code }, 'record verify thread exited; replaced on the next job');
      }
      done?.reject(new Error(`the record verify thread exited with code ${code}${error ? `: ${error.message}` : ''}`));
      pump();
    });
    return w;
  }

  async function close(): Promise<void> {
    closed = true;
    for (const p of queue.splice(0)) {
      p.reject(new Error('the record verify pool is closed'));
    }
    await worker?.terminate();
  }
}

/** A copy in its own ArrayBuffer, which can be transferred (a Buffer may share Node's pool). */
function copyOf(pdf: Uint8Array): Uint8Array {
  const out = new Uint8Array(pdf.byteLength);
  out.set(pdf);
  return out;
}

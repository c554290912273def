import { performance } from 'node:perf_hooks';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import { inTransaction, type Db, type Knex } from '../db';
import { forbidden, notFound, unauthenticated } from '../http/errors';
import { newId } from '../ids';
import type { Logger } from '../logger';
import { fingerprint } from '../pki';
import type { BlobStore } from '../storage';
import { isOwner, type Tender, type TenderService } from '../tenders';
import type { CmsSigner } from './cms';
import type { RecordDocument, RecordKind } from './model';
import { createRenderPool, type Renderer } from './render-pool';
import * as store from './store';
import type { RecordVerification, SignatureReport } from './verify';
import type { VerifyReason } from './verify-reasons';
import { createVerifyPool, type Verifier } from './verify-pool';

/** What every record shows besides its content (header, footer, verification URL). */
export type RecordFrame = { platformName: string; recordId: string; verificationUrl: string; createdAt: Date };

/** Builds a record's document from its source ids, reading the data as it is now (after the step committed). */
export type BuildRecord = (record: store.RecordRow, frame: RecordFrame) => Promise<RecordDocument>;

export type RecordDeps = {
  db: Knex;
  clock: Clock;
  log: Logger;
  audit: AuditService;
  storage: BlobStore;
  tenders: TenderService;
  signer: CmsSigner;
  trustedRootsPem: () => Promise<string[]>;
  publicUrl: string;
  isRegistered: (db: Db, tenderId: string, userId: string) => Promise<boolean>;
  isCommitteeMember: (db: Db, tenderId: string, userId: string) => Promise<boolean>;
  build: BuildRecord;
  /** Where records are rendered and signed; default a worker-thread pool with `signer` (render-pool.ts). */
  renderer?: Renderer;
  /** true while work that must not wait for a render core runs (sealed-bid uploads in flight) */
  isBusy?: () => boolean;
  /** a counter that grows whenever a sealed-bid upload ends (accepted or refused): records wait only while uploads make progress */
  uploadProgress?: () => number;
  /** the certificates (SHA-256 of the DER) of the tender's committee members: who may sign its evaluation report after the platform */
  memberCertificates?: (db: Db, tenderId: string) => Promise<{ userId: string; sha256: string }[]>;
  /** Where PDFs brought for verification are checked; default one worker thread (verify-pool.ts). */
  verifier?: Verifier;
};

/** The issued record a verified PDF is, named only when the PDF verifies. */
export type VerifiedRecord = { id: string; kind: RecordKind; tenderId: string; title: string };
export type RecordVerificationAnswer = RecordVerification & { record: VerifiedRecord | null };

export type RequestRecord = { tenderId: string; kind: RecordKind; title: string; audience: store.Audience; userId?: string | null; source: Record<string, unknown> };

/**
 * A renderer that died leaves its claim; another pass takes the record over after this long. A
 * record renders in well under a second, so 30 s means its renderer is gone; should a slow one
 * still finish, its claim no longer matches and its result is dropped (markIssued), never issued twice.
 */
const STALE_CLAIM_MS = 30_000;
/** Records wait for uploads only while one ended within this long (yieldToUploads). */
const STALL_MS = 1000;
/** The longest records wait for uploads in one go; then they go ahead for as long. */
const MAX_YIELD_MS = 10_000;
const YIELD_POLL_MS = 100;
/** Records claimed per round of a pass. */
const CLAIM_BATCH = 20;
const PLATFORM_NAME = 'TenderHall 公共资源交易电子招投标平台';

/**
 * Signed PDF records (DESIGN §7). A step requests its record inside its own transaction; the worker
 * renders and signs it after the commit, stores the PDF as a blob and puts its SHA-256 on the audit
 * trail. Rendering is CPU work of 0.05–0.4 s, so it never runs inside a transaction or a request, nor
 * on the event loop: a pool of worker threads renders and signs, as many records at once as it has threads.
 */
export function createRecordService(deps: RecordDeps) {
  const { db, clock, log, audit, storage } = deps;
  const renderer = deps.renderer ?? createRenderPool({ signer: deps.signer, log });
  const verifier = deps.verifier ?? createVerifyPool({ log });
  let draining: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  /** performance.now() before which records do not wait for uploads (after a wait of MAX_YIELD_MS) */
  let noYieldUntil = 0;
  return { request, drain, start, stop, list, pdf, verify, findIssued };

  /** In the step's transaction: the record is due; rendered once the transaction commits. */
  async function request(trx: Knex.Transaction, r: RequestRecord): Promise<string> {
    const id = newId();
    await store.insertRecord(trx, { id, tenderId: r.tenderId, kind: r.kind, title: r.title, audience: r.audience, userId: r.userId ?? null, source: r.source, createdAt: clock.now().getTime() });
    trx.executionPromise.then(
      () => void drain().catch((err: unknown) => log.error({ err }, 'records pass failed')),
      () => undefined,
    );
    return id;
  }

  /** Renders and signs every due record; resolves with how many were issued (tests await it). */
  function drain(): Promise<number> {
    if (stopped) {
      return Promise.resolve(0);
    }
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      let issued = 0;
      let full = false;
      do {
        again = false;
        const ids = await store.listClaimable(db, clock.now().getTime(), STALE_CLAIM_MS, CLAIM_BATCH);
        const before = issued;
        let next = 0;
        // One lane per render thread: the pool renders that many records at once.
        const lane = async () => {
          while (next < ids.length && !stopped) {
            await yieldToUploads();
            // NOTE: not `issued += await …`: that reads `issued` before the await and loses the other lane's count.
            if (await issueOne(ids[next++])) {
              issued++;
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(renderer.size, ids.length) }, lane));
        // A full batch that made progress may have left more behind (a failing record does not loop).
        full = ids.length === CLAIM_BATCH && issued > before;
      } while ((again || full) && !stopped);
      return issued;
    })().finally(() => {
      draining = null;
    });
    return draining;
  }

  /**
   * Rendering takes a core; while sealed bids are streaming in (a deadline rush) the core is theirs:
   * a bid's time is when its last byte is read (DESIGN §2), receipts can follow. Bounded, so that one
   * client trickling an upload cannot hold every record back: the wait ends once no upload has ended
   * for STALL_MS (uploads in flight but none finishing is not a rush), and after a wait of
   * MAX_YIELD_MS the records go ahead without waiting for as long again.
   */
  async function yieldToUploads(): Promise<void> {
    const started = performance.now();
    let progress = deps.uploadProgress?.() ?? 0;
    let movedAt = started;
    while (deps.isBusy?.() && !stopped && started >= noYieldUntil) {
      const now = performance.now();
      const current = deps.uploadProgress?.() ?? 0;
      if (current !== progress) {
        progress = current;
        movedAt = now;
      }
      if (now - movedAt >= STALL_MS) {
        return;
      }
      if (now - started >= MAX_YIELD_MS) {
        noYieldUntil = now + MAX_YIELD_MS;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, YIELD_POLL_MS).unref());
    }
  }

  async function issueOne(id: string): Promise<boolean> {
    const claimedAt = clock.now().getTime();
    if (!(await store.claim(db, id, claimedAt, STALE_CLAIM_MS))) {
      return false;
    }
    const record = (await store.findRecord(db, id)) as store.RecordRow;
    let written: string | null = null;
    try {
      const createdAt = new Date(record.createdAt);
      const doc = await deps.build(record, { platformName: PLATFORM_NAME, recordId: id, verificationUrl: `${deps.publicUrl}/records/verify?record=${id}`, createdAt });
      const signed = await renderer.issue(doc);
      const blob = await storage.put(signed.pdf);
      written = blob.key;
      const issuedAt = clock.now().getTime();
      const ours = await inTransaction(db, async (trx) => {
        const marked = await store.markIssued(trx, id, claimedAt, {
          blobKey: blob.key, sha256: signed.sha256, size: signed.size, revisions: [signed.sha256], signers: [{ name: PLATFORM_NAME, role: 'platform', signedAt: issuedAt }], issuedAt,
        });
        if (marked) {
          const payload = { recordId: id, kind: record.kind, sha256: signed.sha256, size: signed.size };
          await audit.append(trx, { actor: null, tenderId: record.tenderId, action: 'record.issued', payload, visibility: record.audience === 'user' ? 'sealed' : 'public' });
        }
        return marked;
      });
      written = null;
      if (!ours) {
        log.warn({ recordId: id, kind: record.kind }, 'record rendered after its claim went stale; another pass issues it');
        await storage.remove(blob.key);
      }
      return ours;
    } catch (err) {
      // A blob stored for a row that did not commit (e.g. a lock timeout on MariaDB) names nothing: remove it.
      if (written) {
        await storage.remove(written).catch((removeErr: unknown) => log.warn({ err: removeErr, recordId: id }, 'orphan record blob not removed'));
      }
      // While stopping, the closed pool refuses the records in hand: expected, not an error.
      log[stopped ? 'info' : 'error']({ err, recordId: id, kind: record.kind }, 'record not issued; retried on the next pass');
      await store.markFailed(db, id, claimedAt, err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** The worker's timer: a pass every few seconds picks up records left by a crash or a failed render. */
  function start(everyMs = 5000): void {
    timer = setInterval(() => void drain().catch((err: unknown) => log.error({ err }, 'records pass failed')), everyMs);
    timer.unref();
    void drain().catch((err: unknown) => log.error({ err }, 'records pass failed'));
  }

  /**
   * Stops the timer and the render threads; the pass in progress ends after the records it had in
   * hand (those not rendered go back to pending for the next start): shutdown never waits for a rush.
   */
  async function stop(): Promise<void> {
    stopped = true;
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    await Promise.all([renderer.close(), verifier.close()]);
    await draining;
  }

  /** GET /tenders/:id/records: the issued records this viewer may read. */
  async function list(actor: Actor | null, tenderId: string): Promise<store.RecordRow[]> {
    const t = await deps.tenders.getForActor(actor, tenderId);
    const out: store.RecordRow[] = [];
    for (const r of await store.listForTender(db, tenderId)) {
      if (r.status === 'issued' && (await mayRead(actor, t, r))) {
        out.push(r);
      }
    }
    return out;
  }

  /** GET /records/:id/pdf: the signed PDF, for those who may read it. */
  async function pdf(actor: Actor | null, recordId: string): Promise<{ record: store.RecordRow; data: Buffer }> {
    const r = await store.findRecord(db, recordId);
    if (!r || r.status !== 'issued' || !r.blobKey) {
      throw notFound('record');
    }
    const t = await deps.tenders.getForActor(actor, r.tenderId);
    if (!(await mayRead(actor, t, r))) {
      throw actor ? forbidden('This record is not for you') : unauthenticated('Sign in to read this record');
    }
    return { record: r, data: await storage.readBuffer(r.blobKey) };
  }

  /**
   * POST /records/verify: every signature checked (off the event loop), then what the PDF is. A record
   * verifies only when its first signature's revision is a record the platform issued, exactly as issued
   * (the platform's own revision), every later signature is by a signer that record allows (a committee
   * member, once each, on the evaluation report; nobody on the other kinds) and every later update adds
   * only that signature (verify-updates.ts). Anything else is valid: false with its reasons.
   */
  async function verify(bytes: Buffer): Promise<RecordVerificationAnswer> {
    const result = await verifier.signatures(bytes, [...(await deps.trustedRootsPem())]);
    const [first, ...later] = result.signatures;
    const match = first?.revisionSha256 ? await store.findByRevision(db, first.revisionSha256) : undefined;
    const reasons = new Set<VerifyReason>(result.reasons);
    const problems = [...result.problems];
    const refuse = (reason: VerifyReason, problem: string) => {
      reasons.add(reason);
      problems.push(problem);
    };
    if (first && (!match || match.revisions[0] !== first.revisionSha256)) {
      refuse('NOT_ISSUED', 'the first signature’s revision is not a record the platform issued');
    }
    if (match && later.length > 0) {
      const outsiders = await laterSignersNotAllowed(match, later);
      if (outsiders.length > 0) {
        refuse('SIGNER_NOT_ALLOWED', `signed after the platform by ${outsiders.join(', ')}, whom this record does not allow`);
      } else if (reasons.size === 0 && !match.revisions.includes(result.sha256)) {
        const updates = await verifier.updates(bytes, result.signatures);
        updates.forEach((p) => refuse('UPDATE_NOT_ALLOWED', p));
      }
    }
    const valid = result.valid && reasons.size === 0;
    const record = valid && match ? { id: match.id, kind: match.kind, tenderId: match.tenderId, title: match.title } : null;
    return { ...result, valid, reasons: [...reasons], problems, record };
  }

  /** The later signers that are not a committee member of the record's tender (evaluation report only), or that sign twice. */
  async function laterSignersNotAllowed(record: store.RecordRow, later: SignatureReport[]): Promise<string[]> {
    const members = record.kind === 'evaluation_report' && deps.memberCertificates ? await deps.memberCertificates(db, record.tenderId) : [];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const s of later) {
      const cert = s.signerCertificatePem ? fingerprint(s.signerCertificatePem) : null;
      const member = members.find((m) => m.sha256 === cert);
      if (!member || seen.has(member.userId)) {
        out.push(s.signer ?? `signature ${s.index}`);
      } else {
        seen.add(member.userId);
      }
    }
    return out;
  }

  /** A user's issued records of one kind for a tender (e.g. the bidder's receipts), oldest first. */
  async function findIssued(userId: string, tenderId: string, kind: RecordKind): Promise<store.RecordRow[]> {
    return (await store.listForTender(db, tenderId)).filter((r) => r.status === 'issued' && r.kind === kind && r.userId === userId);
  }

  async function mayRead(actor: Actor | null, t: Tender, r: store.RecordRow): Promise<boolean> {
    if (r.audience === 'public') {
      return true;
    }
    if (!actor) {
      return false;
    }
    if (r.kind === 'receipt') {
      // Sealed (DESIGN §1): a receipt names its bidder; only that bidder ever sees it, supervisors included.
      return actor.id === r.userId;
    }
    if (actor.role === 'supervisor') {
      return true;
    }
    if (r.audience === 'user') {
      return actor.id === r.userId;
    }
    const staff = actor.role === 'admin' || isOwner(actor, t) || (actor.role === 'evaluator' && (await deps.isCommitteeMember(db, t.id, actor.id)));
    if (r.audience === 'committee') {
      return staff;
    }
    return staff || (actor.role === 'bidder' && (await deps.isRegistered(db, t.id, actor.id)));
  }
}

export type RecordService = ReturnType<typeof createRecordService>;

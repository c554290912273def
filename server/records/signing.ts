import { createHash } from 'node:crypto';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import { forUpdate, inTransaction, type Db, type Knex } from '../db';
import { conflict, forbidden, HttpError, notFound } from '../http/errors';
import { newId } from '../ids';
import { fingerprint } from '../pki';
import type { BlobStore } from '../storage';
import { parseDetachedCms } from './cms';
import { embedSignature, prepareSignature, SignatureEmbedError } from './sign';
import * as store from './store';

/** Who must sign a record besides the platform: the evaluation report's committee members, by seat. */
export type RequiredSigner = { userId: string; name: string };

export type SigningDeps = {
  db: Knex;
  clock: Clock;
  audit: AuditService;
  storage: BlobStore;
  /** the committee members of the tender (the evaluation report's signers) */
  committeeMembers: (db: Db, tenderId: string) => Promise<RequiredSigner[]>;
  /** the user's certificate in force at `at` (PEM), if any */
  currentCertificatePem: (userId: string, at: number) => Promise<string | undefined>;
  checkCertificate: (certPem: string, at: Date) => Promise<{ valid: true } | { valid: false; code: 'CERTIFICATE_INVALID' | 'CERTIFICATE_REVOKED'; reason: string }>;
};

/** Records that members sign in turn (DESIGN §7): only the evaluation report. */
const SIGNED_BY_MEMBERS = new Set(['evaluation_report']);
/** A preparation is good for this long; a member who needs longer prepares again. */
const PREPARATION_TTL_MS = 10 * 60_000;
const REASON = '评标委员会成员签署评标报告';

export type SigningStatus = { recordId: string; signers: (RequiredSigner & { signedAt: string | null })[]; complete: boolean; canSign: boolean };
export type Preparation = { preparationId: string; digest: string; signedAttributes: string; signingTime: string; expiresAt: string; byteRange: number[] };

/**
 * Committee members sign the evaluation report in turn, each with its own key, as incremental
 * updates: prepare (the server appends an empty signature field to the current revision and returns
 * the digest and the signed attributes), the member's software signs and returns a detached CMS,
 * embed (the server checks it and writes it in). The key never reaches the server; earlier
 * signatures stay valid because every signature is appended after them.
 */
export function createRecordSigning(deps: SigningDeps) {
  const { db, clock, audit, storage } = deps;
  return { status, prepare, embed };

  async function signable(actor: Actor, recordId: string): Promise<{ record: store.RecordRow; required: RequiredSigner[] }> {
    const record = await store.findRecord(db, recordId);
    if (!record || record.status !== 'issued' || !record.blobKey) {
      throw notFound('record');
    }
    const required = SIGNED_BY_MEMBERS.has(record.kind) ? await deps.committeeMembers(db, record.tenderId) : [];
    if (!required.some((s) => s.userId === actor.id)) {
      throw forbidden(SIGNED_BY_MEMBERS.has(record.kind) ? 'Only the committee members sign the evaluation report' : 'This record is signed by the platform only');
    }
    return { record, required };
  }

  /** GET /records/:id/signatures: who signs this record, who has, and whether the caller may now. */
  async function status(actor: Actor, recordId: string): Promise<SigningStatus> {
    const { record, required } = await signable(actor, recordId);
    const signers = required.map((s) => {
      const done = record.signers.find((x) => x.role === 'member' && x.userId === s.userId);
      return { ...s, signedAt: done ? new Date(done.signedAt).toISOString() : null };
    });
    return { recordId, signers, complete: signers.every((s) => s.signedAt !== null), canSign: signers.some((s) => s.userId === actor.id && s.signedAt === null) };
  }

  /** POST /records/:id/signatures/prepare: the member's signature field, appended to the current revision. */
  async function prepare(actor: Actor, recordId: string): Promise<Preparation> {
    const { record, required } = await signable(actor, recordId);
    if (record.signers.some((s) => s.role === 'member' && s.userId === actor.id)) {
      throw conflict('CONFLICT', 'You have signed this record');
    }
    const now = clock.now();
    const certPem = await deps.currentCertificatePem(actor.id, now.getTime());
    if (!certPem) {
      throw new HttpError(400, 'CERTIFICATE_REQUIRED', 'Enroll a certificate first: the report is signed with your own key');
    }
    const name = required.find((s) => s.userId === actor.id)?.name ?? actor.id;
    await dropPreparations(recordId, actor.id);
    const prepared = await prepareSignature(await storage.readBuffer(record.blobKey as string), { signingTime: now, name, reason: REASON });
    const blob = await storage.put(prepared.preparedPdf);
    const row = {
      id: newId(), record_id: record.id, user_id: actor.id, base_sha256: record.sha256 as string, prepared_blob_key: blob.key, digest: prepared.digest.toString('hex'),
      signing_time: now.getTime(), created_at: now.getTime(), expires_at: now.getTime() + PREPARATION_TTL_MS,
    };
    try {
      await db('record_signings').insert(row);
    } catch (err) {
      await storage.remove(blob.key);
      throw err;
    }
    return {
      preparationId: row.id, digest: row.digest, signedAttributes: prepared.signedAttributes.toString('base64'), signingTime: now.toISOString(),
      expiresAt: new Date(row.expires_at).toISOString(), byteRange: prepared.byteRange,
    };
  }

  /** POST /records/:id/signatures: the member's detached CMS over the prepared digest, embedded as the new revision. */
  async function embed(actor: Actor, recordId: string, preparationId: string, cmsDer: Buffer): Promise<store.RecordRow> {
    const { record, required } = await signable(actor, recordId);
    const prep = await db('record_signings').where({ id: preparationId, record_id: recordId, user_id: actor.id }).first();
    const now = clock.now();
    if (!prep || prep.embedded_at !== null) {
      throw notFound('signature preparation');
    }
    if (Number(prep.expires_at) < now.getTime()) {
      throw conflict('RECORD_CHANGED', 'The preparation expired: prepare the signature again');
    }
    const certPem = await signerCertificate(cmsDer, actor, now);
    let signed: Buffer;
    try {
      signed = embedSignature(await storage.readBuffer(prep.prepared_blob_key as string), cmsDer);
    } catch (err) {
      if (err instanceof SignatureEmbedError) {
        throw new HttpError(400, 'SIGNATURE_INVALID', err.message);
      }
      throw err;
    }
    const sha256 = createHash('sha256').update(signed).digest('hex');
    const blob = await storage.put(signed);
    const name = required.find((s) => s.userId === actor.id)?.name ?? actor.id;
    try {
      await inTransaction(db, async (trx) => {
        const current = await forUpdate(trx, trx('records').where({ id: recordId })).first();
        if (current.sha256 !== prep.base_sha256) {
          throw conflict('RECORD_CHANGED', 'Another member signed first: prepare the signature again over the new revision');
        }
        const signers: store.Signer[] = [...record.signers, { name, role: 'member', userId: actor.id, signedAt: Number(prep.signing_time) }];
        await store.markSigned(trx, recordId, { blobKey: blob.key, sha256, size: signed.length, revisions: [...record.revisions, sha256], signers });
        await trx('record_signings').where({ id: preparationId }).update({ embedded_at: now.getTime() });
        const payload = { recordId, kind: record.kind, sha256, size: signed.length, signer: actor.id, certificateSha256: fingerprint(certPem) };
        await audit.append(trx, { actor, tenderId: record.tenderId, action: 'record.signed', payload });
      });
    } catch (err) {
      await storage.remove(blob.key);
      throw err;
    }
    await storage.remove(prep.prepared_blob_key as string).catch(() => undefined);
    return (await store.findRecord(db, recordId)) as store.RecordRow;
  }

  /** A member's earlier preparations of this record, and anyone's expired ones, that were never embedded: their blobs go too. */
  async function dropPreparations(recordId: string, userId: string): Promise<void> {
    const stale: { id: string; prepared_blob_key: string }[] = await db('record_signings')
      .where({ record_id: recordId, embedded_at: null })
      .andWhere((q) => q.where({ user_id: userId }).orWhere('expires_at', '<', clock.now().getTime()))
      .select('id', 'prepared_blob_key');
    for (const p of stale) {
      await db('record_signings').where({ id: p.id }).delete();
      await storage.remove(p.prepared_blob_key).catch(() => undefined);
    }
  }

  /** The CMS must be made with the member's own certificate, in force and trusted now. */
  async function signerCertificate(cmsDer: Buffer, actor: Actor, now: Date): Promise<string> {
    let certPem: string;
    try {
      certPem = parseDetachedCms(cmsDer).signerCertPem;
    } catch (err) {
      throw new HttpError(400, 'SIGNATURE_INVALID', `not a detached CMS signature: ${(err as Error).message}`);
    }
    const current = await deps.currentCertificatePem(actor.id, now.getTime());
    if (!current || fingerprint(current) !== fingerprint(certPem)) {
      throw new HttpError(400, 'CERTIFICATE_INVALID', 'The signature is not made with your current certificate');
    }
    const check = await deps.checkCertificate(certPem, now);
    if (!check.valid) {
      throw new HttpError(400, check.code, check.reason);
    }
    return certPem;
  }
}

export type RecordSigning = ReturnType<typeof createRecordSigning>;

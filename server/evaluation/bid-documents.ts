import { createHash } from 'node:crypto';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import { openSealedBid, readBidPackage, unwrapContentKey, verifySignedBid } from '../bids';
import { inTransaction, type Knex } from '../db';
import { forbidden, notFound } from '../http/errors';
import type { PkiService } from '../pki';
import type { BlobStore } from '../storage';
import type { TenderService } from '../tenders';
import { isCommitteeMember } from './committee-service';

export type BidDocumentsDeps = { db: Knex; audit: AuditService; pki: PkiService; storage: BlobStore; tenders: TenderService };

export type BidDocument = { name: string; size: number; sha256: string };

const EVALUATION_STATUSES = ['evaluating', 'evaluated', 'publicity', 'awarded'];

/**
 * The decrypted documents of a valid bid for the committee (评标专家 read the bids they score) and
 * supervisors: opened again from the sealed blob with the opening key on each read; every read is on
 * the audit trail (DESIGN: every access to a decrypted bid is audited).
 */
export function createBidDocuments(deps: BidDocumentsDeps) {
  const { db, audit, pki, storage, tenders } = deps;
  return { list, read };

  async function list(actor: Actor, tenderId: string, bid: string): Promise<BidDocument[]> {
    const files = await open(actor, tenderId, bid, null);
    return files.map((f) => ({ name: f.name, size: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') }));
  }

  async function read(actor: Actor, tenderId: string, bid: string, name: string): Promise<{ name: string; data: Buffer }> {
    const file = (await open(actor, tenderId, bid, name)).find((f) => f.name === name);
    if (!file) {
      throw notFound('document');
    }
    return { name: file.name, data: Buffer.from(file.data) };
  }

  async function open(actor: Actor, tenderId: string, bid: string, name: string | null) {
    const t = await tenders.getForActor(actor, tenderId);
    if (!EVALUATION_STATUSES.includes(t.status)) {
      throw notFound('bid');
    }
    const member = actor.role === 'evaluator' && (await isCommitteeMember(db, tenderId, actor.id));
    if (!member && actor.role !== 'supervisor') {
      throw forbidden('Only the committee and supervisors read the bids');
    }
    const row = await db('opening_commitments as c')
      .join('opening_bids as o', (j) => j.on('o.tender_id', '=', 'c.tender_id').andOn('o.bid_id', '=', 'c.bid_id'))
      .join('bid_versions as v', (j) => j.on('v.bid_id', '=', 'c.bid_id').andOn('v.version', '=', 'c.bid_version'))
      .where({ 'c.tender_id': tenderId, 'c.sha256': bid, 'o.status': 'valid' })
      .first<{ blob_key: string; received_at: number | string } | undefined>('v.blob_key', 'v.received_at');
    if (!row) {
      throw notFound('bid');
    }
    const sealed = await storage.readBuffer(row.blob_key);
    const contentKey = unwrapContentKey(sealed, await pki.openingCertificatePem(tenderId), await pki.openingPrivateKeyPem(t));
    const signed = verifySignedBid(openSealedBid(sealed, contentKey), { trustedRootsPem: await pki.trustedRootsPem(), at: new Date(Number(row.received_at)) });
    const { files } = readBidPackage(signed.zip);
    await inTransaction(db, (trx) => audit.append(trx, { actor, tenderId, action: 'evaluation.bid-read', payload: { bid, document: name } }));
    return files;
  }
}

export type BidDocumentsService = ReturnType<typeof createBidDocuments>;

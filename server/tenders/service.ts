import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { toMs, yuanToFen } from '../db/convert';
import { HttpError, conflict, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { BlobStore } from '../storage';
import { canReadAudit, canSeeSealedAudit, canView, isOwner } from './policy';
import { checkCriteria, checkPublication, ruleSet } from './rules';
import type { CreateTenderBody, ListTendersQuery, TenderStatus, UpdateTenderBody } from './schema';
import * as store from './store';
import type { Tender } from './store';

export type TenderDeps = { db: Db; clock: Clock; audit: AuditService; storage: BlobStore; config: Config; log: Logger };

/** Runs inside the publish transaction (e.g. storing the opening key made beforehand). */
export type PublishHook = {
  prepare(tender: Tender): Promise<unknown>;
  commit(trx: Knex.Transaction, tender: Tender, prepared: unknown): Promise<void>;
};

export type TenderService = ReturnType<typeof createTenderService>;

const PUBLIC_STATUSES: readonly TenderStatus[] = ['published', 'opening', 'opened', 'evaluating', 'evaluated', 'publicity', 'awarded', 'failed', 'cancelled'];
const CANCELLABLE: readonly TenderStatus[] = ['draft', 'published', 'opening', 'opened', 'evaluating', 'evaluated', 'publicity'];

/** Tender drafts, publication against the rule set, cancellation, listing. */
export function createTenderService({ db, clock, audit, config }: TenderDeps) {
  const publishHooks: PublishHook[] = [];
  return { create, update, publish, cancel, get, getForActor, list, auditTrail, requireOwned, addPublishHook: (h: PublishHook) => publishHooks.push(h) };

  async function create(actor: Actor, body: CreateTenderBody): Promise<Tender> {
    const now = clock.now().getTime();
    const id = newId();
    await inTransaction(db, async (trx) => {
      await store.insertTender(trx, {
        id,
        status: 'draft',
        ...fromBody(body),
        projectCode: body.projectCode ?? null,
        ownerId: actor.id,
        ownerOrganizationId: actor.organizationId,
        ruleSet: null,
        publishedAt: null,
        cancelledAt: null,
        cancelReason: null,
        createdAt: now,
        updatedAt: now,
      } as Omit<Tender, 'ownerOrganizationName'>);
      await audit.append(trx, { actor, tenderId: id, action: 'tender.created', payload: { code: body.code, title: body.title } });
    });
    return get(id);
  }

  async function update(actor: Actor, id: string, patch: UpdateTenderBody): Promise<Tender> {
    await inTransaction(db, async (trx) => {
      const t = await requireOwned(actor, id, trx, true);
      if (t.status !== 'draft') {
        throw conflict('INVALID_STATE', 'Only a draft can be edited; a published tender changes through clarifications');
      }
      const changes = fromBody(patch);
      const violations = checkCriteria({ ...t, ...changes });
      if (patch.criteria && violations.length > 0) {
        throw new HttpError(400, 'VALIDATION', 'The criteria are not consistent', violations);
      }
      await store.updateTender(trx, id, { ...changes, updatedAt: clock.now().getTime() });
      await audit.append(trx, { actor, tenderId: id, action: 'tender.updated', payload: { fields: Object.keys(patch) } });
    });
    return get(id);
  }

  /** Publishes a draft: the schedule must satisfy the platform's rule set, which is stored with the tender. */
  async function publish(actor: Actor, id: string): Promise<Tender> {
    const draft = await requireOwned(actor, id);
    const prepared = await Promise.all(publishHooks.map((h) => h.prepare(draft)));
    await inTransaction(db, async (trx) => {
      const t = await requireOwned(actor, id, trx, true);
      if (t.status !== 'draft') {
        throw conflict('INVALID_STATE', `The tender is ${t.status}, not a draft`);
      }
      const now = clock.now().getTime();
      const violations = checkPublication(ruleSet(config.ruleSet), t, now);
      if (violations.length > 0) {
        throw new HttpError(400, 'SCHEDULE_RULE', `The schedule breaks the ${config.ruleSet} rules`, violations);
      }
      await store.updateTender(trx, id, { status: 'published', ruleSet: config.ruleSet, publishedAt: now, updatedAt: now });
      const published = { ...t, status: 'published' as const, ruleSet: config.ruleSet, publishedAt: now };
      for (const [i, hook] of publishHooks.entries()) {
        await hook.commit(trx, published, prepared[i]);
      }
      await audit.append(trx, { actor, tenderId: id, action: 'tender.published', payload: { ruleSet: config.ruleSet, bidDeadline: t.bidDeadline } });
    });
    return get(id);
  }

  async function cancel(actor: Actor, id: string, reason: string): Promise<Tender> {
    await inTransaction(db, async (trx) => {
      const t = await requireOwned(actor, id, trx, true);
      if (!CANCELLABLE.includes(t.status)) {
        throw conflict('INVALID_STATE', `A tender that is ${t.status} cannot be cancelled`);
      }
      const now = clock.now().getTime();
      await store.updateTender(trx, id, { status: 'cancelled', cancelledAt: now, cancelReason: reason, updatedAt: now });
      await audit.append(trx, { actor, tenderId: id, action: 'tender.cancelled', payload: { reason, from: t.status } });
    });
    return get(id);
  }

  async function get(id: string, trx: Db = db): Promise<Tender> {
    const t = await store.findTender(trx, id);
    if (!t) {
      throw notFound('tender');
    }
    return t;
  }

  /** A tender this actor may see; drafts of others are reported as missing. */
  async function getForActor(actor: Actor | null, id: string): Promise<Tender> {
    const t = await store.findTender(db, id);
    if (!t || !canView(actor, t)) {
      throw notFound('tender');
    }
    return t;
  }

  /** The owner agency's tender (optionally locked for update); others get 404/403. */
  async function requireOwned(actor: Actor, id: string, trx: Db = db, lock = false): Promise<Tender> {
    const t = await store.findTender(trx, id, { lock });
    if (!t || !canView(actor, t)) {
      throw notFound('tender');
    }
    if (!isOwner(actor, t)) {
      throw forbidden('Only the agency that created this tender may do this');
    }
    return t;
  }

  async function list(actor: Actor | null, q: ListTendersQuery): Promise<{ items: Tender[]; total: number }> {
    if (q.mine) {
      if (actor?.role !== 'agency') {
        throw forbidden('mine=1 lists an agency’s own tenders');
      }
      const statuses = q.status ? [q.status] : (['draft', ...PUBLIC_STATUSES] as TenderStatus[]);
      return store.listTenders(db, { statuses, ownerId: actor.id, category: q.category, text: q.q, page: q.page, pageSize: q.pageSize });
    }
    if (q.status === 'draft') {
      return { items: [], total: 0 };
    }
    const statuses = q.status ? [q.status] : PUBLIC_STATUSES;
    return store.listTenders(db, { statuses, category: q.category, text: q.q, page: q.page, pageSize: q.pageSize });
  }

  /** The tender's audit trail; sealed events only for readers allowed to see bidder identities. */
  async function auditTrail(actor: Actor, id: string) {
    const t = await getForActor(actor, id);
    if (!canReadAudit(actor, t)) {
      throw forbidden('The audit trail is for supervisors, admins and the tender’s agency');
    }
    const full = canSeeSealedAudit(actor, t);
    return { full, events: await audit.listForTender(db, id, { includeSealed: full }) };
  }
}

function fromBody(b: Partial<CreateTenderBody>): Partial<Tender> {
  const { budget, registrationDeadline, bidDeadline, ...rest } = b;
  return {
    ...(rest as Partial<Tender>),
    ...(budget !== undefined ? { budgetFen: yuanToFen(budget) } : {}),
    ...(registrationDeadline !== undefined ? { registrationDeadline: toMs(registrationDeadline) } : {}),
    ...(bidDeadline !== undefined ? { bidDeadline: toMs(bidDeadline) } : {}),
  };
}

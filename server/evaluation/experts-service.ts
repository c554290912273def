import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import { inTransaction, type Db } from '../db';
import { fromMs } from '../db/convert';
import { HttpError, notFound } from '../http/errors';
import type { PutExpertBody } from './experts-schema';
import * as store from './experts-store';
import type { Expert } from './experts-store';

export type ExpertDeps = { db: Db; clock: Clock; audit: AuditService };

export type ExpertService = ReturnType<typeof createExpertService>;

/** The expert pool (专家库): evaluator accounts with their specialties and availability, kept by admins. */
export function createExpertService({ db, clock, audit }: ExpertDeps) {
  return { list, update };

  /** Every evaluator account; one without a profile shows no specialties and is not available. */
  async function list(): Promise<Expert[]> {
    return store.listExperts(db);
  }

  /** Sets an evaluator's specialties and availability; the change and its previous value go on the audit trail. */
  async function update(actor: Actor, userId: string, body: PutExpertBody): Promise<Expert> {
    const specialties = [...new Set(body.specialties)];
    return inTransaction(db, async (trx) => {
      const role = await store.findRole(trx, userId);
      if (role === undefined) {
        throw notFound('user');
      }
      if (role !== 'evaluator') {
        throw new HttpError(400, 'VALIDATION', 'Only evaluator accounts belong to the expert pool', [
          { path: 'userId', message: `the account is a ${role}, not an evaluator` },
        ]);
      }
      const previous = await store.findProfile(trx, userId);
      const now = clock.now().getTime();
      await store.saveProfile(trx, { userId, specialties, available: body.available, updatedAt: now });
      await audit.append(trx, {
        actor,
        action: 'expert.updated',
        payload: {
          userId,
          specialties,
          available: body.available,
          previous: previous ? { specialties: previous.specialties, available: previous.available, updatedAt: fromMs(previous.updatedAt) } : null,
        },
      });
      return (await store.findExpert(trx, userId)) as Expert;
    });
  }
}

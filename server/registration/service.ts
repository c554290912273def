import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import { inTransaction, type Db } from '../db';
import { translateDbError } from '../db/errors';
import { HttpError, conflict } from '../http/errors';
import { newId } from '../ids';
import { findTender, type Tender, type TenderService } from '../tenders';
import { isRegistrationOpen } from './policy';
import * as store from './store';
import type { Registration } from './store';

export type RegistrationDeps = { db: Db; clock: Clock; audit: AuditService; tenders: TenderService };

export type RegistrationService = ReturnType<typeof createRegistrationService>;

/** Whether the bidder has registered for the tender (for bids, questions, documents). */
export async function isRegistered(db: Db, tenderId: string, bidderId: string): Promise<boolean> {
  return (await store.findRegistration(db, tenderId, bidderId)) !== undefined;
}

/**
 * The bidders registered for a tender. Confidential until the opening (招标人不得透露潜在投标人的
 * 名称、数量): callers use it for notifications and checks, never to show agency users.
 */
export async function listRegisteredBidderIds(db: Db, tenderId: string): Promise<string[]> {
  return store.listBidderIds(db, tenderId);
}

/** Self-service, immediate registration (电子招标投标办法 art. 20: no approval stands in between). */
export function createRegistrationService({ db, clock, audit, tenders }: RegistrationDeps) {
  return { register, findOwn, listOwn };

  /** Registers the bidder; the server clock decides, and at registrationDeadline it is closed. */
  async function register(actor: Actor, tenderId: string): Promise<Registration> {
    await tenders.getForActor(actor, tenderId);
    try {
      return await inTransaction(db, async (trx) => {
        const t = (await findTender(trx, tenderId, { lock: true })) as Tender;
        const now = clock.now().getTime();
        if (!isRegistrationOpen(t, now)) {
          throw conflict('REGISTRATION_CLOSED', 'Registration for this tender is closed');
        }
        if (await store.findRegistration(trx, tenderId, actor.id)) {
          throw alreadyRegistered();
        }
        // One organization, one bidder (issue 13, 4): another account of it cannot register (and so bid) again.
        if (actor.organizationId && (await store.findOrganizationRegistration(trx, tenderId, actor.organizationId))) {
          throw organizationRegistered();
        }
        const r: Registration = { id: newId(), tenderId, bidderId: actor.id, organizationId: actor.organizationId, registeredAt: now };
        await store.insertRegistration(trx, r);
        // Sealed: the registration names a bidder (DESIGN §1).
        await audit.append(trx, { actor, tenderId, action: 'registration.created', visibility: 'sealed', payload: { registrationId: r.id } });
        return r;
      });
    } catch (err) {
      // NOTE: two simultaneous requests both pass the check on MySQL; the unique key decides.
      const translated = translateDbError(err);
      throw translated instanceof HttpError && translated.code === 'CONFLICT' ? alreadyRegistered() : err;
    }
  }

  /** The actor's own registration for a visible tender, or null. */
  async function findOwn(actor: Actor, tenderId: string): Promise<Registration | null> {
    await tenders.getForActor(actor, tenderId);
    return (await store.findRegistration(db, tenderId, actor.id)) ?? null;
  }

  /** The actor's registrations with their tenders, newest first. */
  async function listOwn(actor: Actor): Promise<{ registration: Registration; tender: Tender }[]> {
    const regs = await store.listByBidder(db, actor.id);
    const out: { registration: Registration; tender: Tender }[] = [];
    for (const registration of regs) {
      const tender = await findTender(db, registration.tenderId);
      if (tender) {
        out.push({ registration, tender });
      }
    }
    return out;
  }
}

function organizationRegistered(): HttpError {
  return conflict('ORGANIZATION_ALREADY_REGISTERED', 'Your organization has registered for this tender through another account; one organization is one bidder');
}

function alreadyRegistered(): HttpError {
  return conflict('ALREADY_REGISTERED', 'You have already registered for this tender');
}

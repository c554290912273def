import { randomBytes } from 'node:crypto';
import type { AuditService } from '../audit';
import { findOrganizationsByIds, type Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db } from '../db';
import { HttpError, conflict, notFound } from '../http/errors';
import { listRegisteredBidderIds } from '../registration';
import { ruleSet, updateTender, type Tender, type TenderService } from '../tenders';
import { canSeeCommitteeDetails, checkCommitteeSize, isCommitteePublished } from './committee-policy';
import type { DrawCommitteeBody } from './committee-schema';
import * as store from './committee-store';
import type { Committee, Seat } from './committee-store';
import { drawCommittee, type Draw, type DrawConflict } from './drawing';
import { listExperts } from './experts-store';

export type CommitteeDeps = { db: Db; clock: Clock; audit: AuditService; config: Config; tenders: TenderService };

export type CommitteeService = ReturnType<typeof createCommitteeService>;

/** A committee with its seats; chairId once the members elected their chair. */
export type CommitteeView = Committee & { members: Seat[]; reserves: Seat[]; chairId: string | null };

/** A committee member as the evaluation session needs it. */
export type CommitteeMember = { userId: string; displayName: string; organizationName: string | null; seat: number };

/** The members (not the reserves) of the tender's committee, by seat; empty before the drawing. */
export async function listCommitteeMembers(db: Db, tenderId: string): Promise<CommitteeMember[]> {
  const seats = await store.listSeats(db, tenderId, 'member');
  return seats.map((s) => ({ userId: s.userId, displayName: s.displayName, organizationName: s.organizationName, seat: s.seat }));
}

/** Whether the user sits on the tender's committee as a member (reserves do not). */
export async function isCommitteeMember(db: Db, tenderId: string, userId: string): Promise<boolean> {
  return (await store.findSeatKind(db, tenderId, userId)) === 'member';
}

/** The evaluation committee (评标委员会): drawing from the expert pool (专家抽取) and who may see it. */
export function createCommitteeService({ db, clock, audit, config, tenders }: CommitteeDeps) {
  return { draw, get };

  /**
   * The owner agency draws once the opening ended (`opened`): the rule set's size, 回避 for the
   * bidders' and the agency's organizations, a fresh seed. Committee, seats, the tender's move to
   * `evaluating` and the audit entry (enough to repeat the draw) commit together.
   */
  async function draw(actor: Actor, tenderId: string, body: DrawCommitteeBody): Promise<CommitteeView> {
    await tenders.requireOwned(actor, tenderId);
    const seed = randomBytes(32).toString('hex');
    const specialties = [...new Set(body.specialties)];
    await inTransaction(db, async (trx) => {
      const t = await tenders.requireOwned(actor, tenderId, trx, true);
      if (await store.findCommittee(trx, tenderId)) {
        throw conflict('CONFLICT', 'The committee of this tender has already been drawn');
      }
      if (t.status !== 'opened') {
        throw conflict('INVALID_STATE', `The committee is drawn once the opening has ended; the tender is ${t.status}`);
      }
      const violation = checkCommitteeSize(ruleSet(t.ruleSet ?? config.ruleSet), t, body.size);
      if (violation) {
        throw new HttpError(400, 'VALIDATION', 'The committee size breaks the rule set', [{ path: 'size', message: violation }]);
      }
      const experts = (await listExperts(trx)).map((e) => ({ ...e, available: e.available && e.active }));
      const result = drawCommittee({ seed, experts, specialties, conflicts: await conflictsOf(trx, t), size: body.size, reserves: body.reserves });
      const now = clock.now().getTime();
      const committee: Committee = { tenderId, size: body.size, specialties, seed, drawnAt: now, drawnBy: actor.id };
      await store.insertCommittee(trx, committee, seatsOf(result));
      await updateTender(trx, tenderId, { status: 'evaluating', updatedAt: now });
      await audit.append(trx, { actor, tenderId, action: 'committee.drawn', payload: auditPayload(committee, body.reserves, result) });
    });
    return view(tenderId);
  }

  /**
   * The owner agency, supervisors and admins see everything; members see the members; bidders and
   * the public see them once the candidates are published. Anyone else: 404, as if none were drawn.
   */
  async function get(actor: Actor | null, tenderId: string): Promise<{ committee: CommitteeView; full: boolean }> {
    const t = await tenders.getForActor(actor, tenderId);
    const full = canSeeCommitteeDetails(actor, t);
    const visible = full || isCommitteePublished(t) || (actor?.role === 'evaluator' && (await isCommitteeMember(db, tenderId, actor.id)));
    if (!visible || !(await store.findCommittee(db, tenderId))) {
      throw notFound('committee');
    }
    return { committee: await view(tenderId), full };
  }

  async function view(tenderId: string): Promise<CommitteeView> {
    const committee = (await store.findCommittee(db, tenderId)) as Committee;
    const seats = await store.listSeats(db, tenderId);
    return {
      ...committee,
      members: seats.filter((s) => s.kind === 'member'),
      reserves: seats.filter((s) => s.kind === 'reserve'),
      chairId: await store.findChairId(db, tenderId),
    };
  }
}

/** 回避: experts employed by a registered bidder or by the tender's agency; reasons name the organization. */
async function conflictsOf(trx: Db, t: Tender): Promise<DrawConflict[]> {
  const bidders = await store.listUserOrganizations(trx, await listRegisteredBidderIds(trx, t.id));
  const out: DrawConflict[] = bidders.map((o) => ({ creditCode: o.creditCode, reason: `回避: ${o.name} (${o.creditCode}) registered as a bidder for this tender` }));
  if (t.ownerOrganizationId) {
    for (const o of await findOrganizationsByIds(trx, [t.ownerOrganizationId])) {
      out.push({ creditCode: o.creditCode, reason: `回避: ${o.name} (${o.creditCode}) is the tender's agency` });
    }
  }
  return out;
}

function seatsOf(draw: Draw): { userId: string; seat: number; kind: 'member' | 'reserve' }[] {
  return [
    ...draw.members.map((userId, i) => ({ userId, seat: i + 1, kind: 'member' as const })),
    ...draw.reserves.map((userId, i) => ({ userId, seat: draw.members.length + i + 1, kind: 'reserve' as const })),
  ];
}

/** What anyone needs to repeat the draw: drawCommittee over the candidates with this seed gives the same seats. */
function auditPayload(c: Committee, reservesRequested: number, draw: Draw): Record<string, unknown> {
  return {
    seed: c.seed,
    algorithm: 'candidates ordered by HMAC-SHA256(key = seed bytes, message = user id), ascending; members first, then reserves',
    size: c.size,
    specialties: c.specialties,
    reservesRequested,
    candidates: draw.candidates,
    exclusions: draw.exclusions,
    members: draw.members,
    reserves: draw.reserves,
  };
}

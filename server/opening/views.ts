import type { Actor } from '../auth';
import { listBidsInForce } from '../bids';
import { notFound } from '../http/errors';
import { isOwner, type Tender } from '../tenders';
import { stageOf, type Stage } from './stage';
import * as store from './store';

import type { OpeningDeps } from './service';

/** The viewer's own position in the hall (bidders: sign-in, own bid; never anyone else's before sealing). */
export type OwnView = {
  role: string;
  participant: boolean;
  signedInAt: number | null;
  hasBid: boolean;
  bidStatus: 'pending' | 'valid' | 'invalid' | null;
  confirmedAt: number | null;
};

export type OpeningSnapshot = {
  tender: Tender;
  session: store.OpeningSession | undefined;
  stage: Stage;
  now: number;
  signIns: store.SignIn[] | null;
  commitments: store.Commitment[];
  bids: store.OpeningBid[];
  confirmations: store.Confirmation[];
  objections: store.Objection[];
  me: OwnView | null;
};

/** Reading the hall: commitments, who may join, and the snapshot for each viewer (the same except `me`). */
export function createOpeningViews(deps: OpeningDeps) {
  const { db, clock, tenders } = deps;
  return { commitments, authorizeJoin, snapshot };

  /** GET /tenders/:id/commitments: public once sealed, 404 before. */
  async function commitments(actor: Actor | null, tenderId: string): Promise<{ tender: Tender; commitments: store.Commitment[] }> {
    const tender = await tenders.getForActor(actor, tenderId);
    if (tender.sealedAt === null) {
      throw notFound('commitments');
    }
    return { tender, commitments: await store.listCommitments(db, tenderId) };
  }

  /** Who may join the hall's room: anyone who can see the tender (the room only ever carries what is public). */
  async function authorizeJoin(actor: Actor | null, tenderId: string): Promise<void> {
    await tenders.getForActor(actor, tenderId);
  }

  /** The hall's state for this viewer: the same for everyone except `me`. */
  async function snapshot(actor: Actor | null, tenderId: string): Promise<OpeningSnapshot> {
    const tender = await tenders.getForActor(actor, tenderId);
    const session = await store.findSession(db, tenderId);
    const sealed = tender.sealedAt !== null;
    const [commitments, bids, confirmations, objections, signIns] = sealed
      ? await Promise.all([
          store.listCommitments(db, tenderId),
          store.listOpeningBids(db, tenderId),
          store.listConfirmations(db, tenderId),
          store.listObjections(db, tenderId),
          store.listSignIns(db, tenderId),
        ])
      : [[], [], [], [], null];
    const me = actor ? await ownView(actor, tender, commitments, bids, confirmations) : null;
    return { tender, session, stage: stageOf(tender, session), now: clock.now().getTime(), signIns, commitments, bids, confirmations, objections, me };
  }

  async function ownView(actor: Actor, t: Tender, commitments: store.Commitment[], bids: store.OpeningBid[], confirmations: store.Confirmation[]): Promise<OwnView> {
    const base = { role: actor.role, signedInAt: null, hasBid: false, bidStatus: null, confirmedAt: null };
    if (actor.role !== 'bidder') {
      const participant = actor.role === 'supervisor' || actor.role === 'admin' || isOwner(actor, t);
      return { ...base, participant };
    }
    if (!(await deps.isRegistered(db, t.id, actor.id))) {
      return { ...base, participant: false };
    }
    const own = (await listBidsInForce(db, t.id)).find((b) => b.bidderId === actor.id);
    const committed = t.sealedAt === null ? own !== undefined : own !== undefined && commitments.some((c) => c.bidId === own.bidId);
    const result = own && bids.find((b) => b.bidId === own.bidId);
    return {
      role: actor.role,
      participant: true,
      signedInAt: (await store.findSignIn(db, t.id, actor.id))?.signedInAt ?? null,
      hasBid: committed,
      bidStatus: !committed || t.sealedAt === null ? null : (result?.status ?? 'pending'),
      confirmedAt: confirmations.find((c) => c.bidderId === actor.id)?.confirmedAt ?? null,
    };
  }
}

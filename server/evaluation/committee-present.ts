import { fromMs } from '../db/convert';
import type { CommitteeView } from './committee-service';
import type { Seat } from './committee-store';

function presentSeat(s: Seat) {
  return { userId: s.userId, displayName: s.displayName, organizationName: s.organizationName, specialties: s.specialties, seat: s.seat };
}

/** The committee; the seed and the reserves only with full (owner agency, supervisors, admins). */
export function presentCommittee(c: CommitteeView, full: boolean) {
  const shown = {
    tenderId: c.tenderId,
    size: c.size,
    specialties: c.specialties,
    drawnAt: fromMs(c.drawnAt),
    members: c.members.map((m) => ({ ...presentSeat(m), chair: m.userId === c.chairId })),
  };
  if (!full) {
    return shown;
  }
  return { ...shown, seed: c.seed, reserves: c.reserves.map(presentSeat) };
}

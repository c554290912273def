import type { Tender } from '../tenders';
import type { OpeningSession } from './store';

/** The hall's stages (DESIGN §6, docs/api-contracts.md), derived from the tender and its session row. */
export type Stage = 'sign-in' | 'sealing' | 'decryption' | 'confirmation' | 'ended';

export function stageOf(t: Tender, session: OpeningSession | undefined): Stage {
  if (t.status === 'published' || t.status === 'draft') {
    return 'sign-in';
  }
  if (t.status !== 'opening') {
    return 'ended';
  }
  if (t.sealedAt === null || !session) {
    return 'sealing';
  }
  if (session.endedAt !== null) {
    return 'ended';
  }
  return session.recordReadyAt === null ? 'decryption' : 'confirmation';
}

/**
 * The opening hall's wire shapes (docs/api-contracts.md "Opening hall"): the snapshot of
 * GET /api/tenders/:id/opening and of the socket `join` ack, and the sequenced events of /opening.
 */
import type { SessionEvent } from '../../../server/realtime/protocol';

export type HallStage = 'sign-in' | 'sealing' | 'decryption' | 'confirmation' | 'ended';
export type DecryptedBy = 'platform' | 'bidder' | 'backup';
export type BidStatus = 'valid' | 'invalid';

/** 唱标 content: price (yuan string), durationDays, quality and any other opening item of the tender. */
export type OpeningItems = Record<string, string | number | boolean | null>;

export type Commitment = { sha256: string; size: number };
export type SignIn = { bidderOrganization: string | null; signedInAt: string };
export type Progress = { total: number; recorded: number; valid: number; invalid: number };

export type HallBid = {
  sha256: string | null;
  bidderOrganization: string | null;
  status: BidStatus;
  reason: string | null;
  items: OpeningItems | null;
  decryptedBy: DecryptedBy;
  decryptedAt: string | null;
};

export type Confirmation = { bidderOrganization: string | null; confirmedAt: string; deemed: boolean };

export type Objection = {
  id: string;
  bidderOrganization: string | null;
  text: string;
  raisedAt: string;
  answer: string | null;
  answeredAt: string | null;
};

/** The caller's own side; decides which buttons the page shows. */
export type HallMe = {
  role: string;
  participant: boolean;
  signedInAt: string | null;
  hasBid: boolean;
  bidStatus: 'pending' | BidStatus | null;
  confirmedAt: string | null;
};

export type OpeningSnapshot = {
  tenderId: string;
  code: string;
  title: string;
  status: string;
  openingMode: 'platform' | 'bidder';
  undecryptedBids: 'backup' | 'invalid';
  stage: HallStage;
  serverTime: string;
  bidDeadline: string;
  sealedAt: string | null;
  decryptionEndsAt: string | null;
  recordReadyAt: string | null;
  confirmationEndsAt: string | null;
  endedAt: string | null;
  /** The host paused the hall: windows stand still, bidders wait. */
  pausedAt: string | null;
  pauseReason: string | null;
  failureReason: string | null;
  signIns: { count: number | null; bidders: SignIn[] };
  commitments: Commitment[];
  progress: Progress;
  bids: HallBid[];
  confirmations: Confirmation[];
  objections: Objection[];
  me: HallMe | null;
};

type Ev<T extends string, P> = Omit<SessionEvent, 'type' | 'payload'> & { type: T; payload: P };
type LiveProgress = Partial<Progress> & { recorded: number; total: number };

/** Every sequenced event type of the contract, with its payload. */
export type HallEvent =
  | Ev<'opening-started', { bidDeadline: string; startedAt: string }>
  | Ev<'commitments-published', { sealedAt: string; count: number; commitments: Commitment[] }>
  | Ev<'sign-ins-published', { count: number; bidders: SignIn[] }>
  | Ev<'bidder-signed-in', { bidderOrganization: string | null; signedInAt: string; count: number }>
  | Ev<'decryption-started', { openingMode: 'platform' | 'bidder'; decryptionEndsAt: string | null; total: number }>
  | Ev<'bid-revealed', { sha256: string; bidderOrganization: string | null; items: OpeningItems; decryptedBy: DecryptedBy; progress: LiveProgress }>
  | Ev<'bid-invalid', { sha256: string; bidderOrganization: string | null; reason: string; decryptedBy: DecryptedBy; progress: LiveProgress; items?: OpeningItems | null }>
  | Ev<'record-ready', { recordReadyAt: string; confirmationEndsAt: string; valid: number; invalid: number }>
  | Ev<'bid-confirmed', { bidderOrganization: string | null; confirmedAt: string }>
  | Ev<'objection-raised', { objection: Objection }>
  | Ev<'objection-answered', { objection: Objection }>
  | Ev<'opening-completed', { valid: number; invalid: number; endedAt: string; deemedConfirmed: (string | null)[] }>
  | Ev<'tender-failed', { reason: string; failedAt: string }>
  | Ev<'session-paused', { stage: HallStage; reason: string; pausedAt: string }>
  | Ev<'session-resumed', { resumedAt: string; pausedMs: number; decryptionEndsAt: string | null; confirmationEndsAt: string | null }>;

export type HallEventType = HallEvent['type'];

/** The private, unsequenced notice (to one user). */
export type HallNotice = { tenderId: string; type: string; payload: Record<string, unknown> };

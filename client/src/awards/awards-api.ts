import { api } from '../api/http';

/** Candidate publicity (中标候选人公示), objections and the award (docs/api-contracts.md "Publicity and award"). */
/** price: yuan "2000.00"; total: "91.80" (null for lowest_price); bidderOrganization null when the bidder has none on record. */
export type Candidate = { rank: number; bidderOrganization: string | null; price: string; total: string | null };

/** An objection; bidderOrganization only for the owner agency, supervisors and admins. */
export type PublicityObjection = {
  id: string;
  text: string;
  raisedAt: string;
  answer: string | null;
  answeredAt: string | null;
  bidderOrganization?: string | null;
};

export type Publicity = {
  tenderId: string;
  publishedAt: string;
  publicityEndsAt: string;
  candidates: Candidate[];
  committee: string[];
  objections: PublicityObjection[];
};

export type Award = { tenderId: string; rank: number; bidderOrganization: string | null; price: string; awardedAt: string; reason: string | null };

export type AwardInput = { rank?: number; reason?: string };

const base = (tenderId: string) => `/tenders/${encodeURIComponent(tenderId)}`;

export function getPublicity(tenderId: string, signal?: AbortSignal): Promise<Publicity> {
  return api(`${base(tenderId)}/candidates`, { signal });
}

export function publishCandidates(tenderId: string): Promise<Publicity> {
  return api(`${base(tenderId)}/candidates/publish`, { method: 'POST' });
}

export function raiseObjection(tenderId: string, text: string): Promise<{ objection: PublicityObjection }> {
  return api(`${base(tenderId)}/candidates/objections`, { method: 'POST', body: { text } });
}

export function answerObjection(tenderId: string, objectionId: string, text: string): Promise<{ objection: PublicityObjection }> {
  return api(`${base(tenderId)}/candidates/objections/${encodeURIComponent(objectionId)}/answer`, { method: 'POST', body: { text } });
}

export function getAward(tenderId: string, signal?: AbortSignal): Promise<Award> {
  return api(`${base(tenderId)}/award`, { signal });
}

export function makeAward(tenderId: string, body: AwardInput): Promise<Award> {
  return api(`${base(tenderId)}/award`, { method: 'POST', body });
}

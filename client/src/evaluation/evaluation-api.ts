import { api } from '../api/http';
import type { EvaluationReport, EvaluationView } from './eval-types';

/** The evaluation session's HTTP routes (docs/api-contracts.md "Evaluation and award"); the room only tells us when to read again. */
const base = (tenderId: string) => `/tenders/${encodeURIComponent(tenderId)}/evaluation`;

export type ComplianceInput = { bid: string; item: string; pass: boolean; reason?: string };
export type ScoreInput = { bid: string; criterion: string; score: string };

export const getEvaluation = (tenderId: string, signal?: AbortSignal) => api<EvaluationView>(base(tenderId), { signal });

export const getReport = (tenderId: string, signal?: AbortSignal) => api<EvaluationReport>(`${base(tenderId)}/report`, { signal });

export const voteChair = (tenderId: string, userId: string) => api<{ chairId: string | null }>(`${base(tenderId)}/chair`, { method: 'POST', body: { userId } });

export const saveCompliance = (tenderId: string, entries: ComplianceInput[]) => api<{ entries: unknown[] }>(`${base(tenderId)}/compliance`, { method: 'PUT', body: { entries } });

export const submitCompliance = (tenderId: string) => api<{ submittedAt: string }>(`${base(tenderId)}/compliance/submit`, { method: 'POST' });

export const saveScores = (tenderId: string, entries: ScoreInput[]) => api<{ entries: unknown[] }>(`${base(tenderId)}/scores`, { method: 'PUT', body: { entries } });

export const submitScores = (tenderId: string) => api<{ submittedAt: string }>(`${base(tenderId)}/scores/submit`, { method: 'POST' });

export const returnScores = (tenderId: string, memberId: string, reason: string) =>
  api<void>(`${base(tenderId)}/scores/${encodeURIComponent(memberId)}/return`, { method: 'POST', body: { reason } });

export const resolveFlag = (tenderId: string, flagId: string, resolution: 'kept' | 'returned', note: string) =>
  api<void>(`${base(tenderId)}/flags/${encodeURIComponent(flagId)}/resolve`, { method: 'POST', body: { resolution, note } });

export const finalize = (tenderId: string) => api<void>(`${base(tenderId)}/finalize`, { method: 'POST' });

export const rejectAll = (tenderId: string, reason: string) => api<void>(`${base(tenderId)}/reject-all`, { method: 'POST', body: { reason } });

export const signReport = (tenderId: string, agree: boolean, dissent?: string) =>
  api<{ signedAt: string }>(`${base(tenderId)}/sign`, { method: 'POST', body: agree ? { agree } : { agree, dissent } });

export type BidDocument = { name: string; size: number; sha256: string };

/** The decrypted documents of a valid bid (committee members and supervisors). */
export const listBidDocuments = async (tenderId: string, bid: string, signal?: AbortSignal) =>
  (await api<{ items: BidDocument[] }>(`${base(tenderId)}/bids/${bid}/documents`, { signal })).items;

export const bidDocumentPath = (tenderId: string, bid: string, name: string) => `${base(tenderId)}/bids/${bid}/documents/${encodeURIComponent(name)}`;

/** A session view as GET /api/tenders/:id/evaluation sends it, for the evaluation room's pure helpers. */
import type { EvaluationView } from '../../../client/src/evaluation/eval-types';

export const BID_A = 'a'.repeat(64);
export const BID_B = 'b'.repeat(64);
export const BID_C = 'c'.repeat(64);
export const ME = '01JMEMEMEMEMEMEMEMEMEMEMEM';
export const OTHER = '01JOTHEROTHEROTHEROTHER000';
export const THIRD = '01JTHIRDTHIRDTHIRDTHIRD000';

const member = (userId: string, displayName: string, seat: number) => ({
  userId, displayName, seat, chair: false, present: false, complianceSubmittedAt: null, scoresSubmittedAt: null, signedAt: null, returned: null,
});

/** Three bids (prices 800,000.00 / 1,000,000.00 / 1,250,000.00), price 40 + technical 35 + service 25. */
export function sessionView(patch: Partial<EvaluationView> = {}): EvaluationView {
  return {
    tenderId: '01JTENDERTENDERTENDERTENDE',
    stage: 'chair',
    evaluationMethod: 'comprehensive',
    criteria: [
      { key: 'price', name: '价格', kind: 'price', weight: '40' },
      { key: 'technical', name: '技术', kind: 'subjective', weight: '35' },
      { key: 'service', name: '服务', kind: 'objective', weight: '25' },
    ],
    complianceItems: [
      { key: 'qualification', name: '投标人资格' },
      { key: 'signature', name: '投标文件签署' },
    ],
    bids: [
      { sha256: BID_A, bidderOrganization: '甲公司', items: { price: '800000.00', durationDays: '90' } },
      { sha256: BID_B, bidderOrganization: '乙公司', items: { price: '1000000.00', durationDays: '80' } },
      { sha256: BID_C, bidderOrganization: '丙公司', items: { price: '1250000', durationDays: '100' } },
    ],
    members: [member(ME, '专家一', 1), member(OTHER, '专家二', 2), member(THIRD, '专家三', 3)],
    chairVotes: { cast: 0, mine: null },
    me: { role: 'member', userId: ME, chair: false },
    compliance: { mine: [], result: null },
    // A member may change its scores only in the scoring stage (until it submits).
    scores: { mine: [], all: null, locked: patch.stage !== 'scoring' },
    results: null,
    ranking: null,
    candidates: null,
    flags: [],
    report: null,
    rejectedReason: null,
    ...patch,
  };
}

/** Compliance decided: A and B pass, C fails. */
export const DECIDED = {
  mine: [],
  result: [
    { bid: BID_A, passed: true, failedItems: [] },
    { bid: BID_B, passed: true, failedItems: [] },
    { bid: BID_C, passed: false, failedItems: [{ item: 'qualification', reasons: ['资质过期'] }] },
  ],
};

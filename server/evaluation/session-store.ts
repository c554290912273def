import type { Db } from '../db';
import { fromJson } from '../db/convert';

/** The evaluation session's stages (docs/api-contracts.md "Evaluation and award"). */
export type EvaluationStage = 'chair' | 'compliance' | 'scoring' | 'review' | 'signing' | 'done' | 'rejected';

export type SessionRow = {
  tenderId: string;
  stage: EvaluationStage;
  chairId: string | null;
  result: EvaluationResult | null;
  report: Record<string, unknown> | null;
  rejectedReason: string | null;
  updatedAt: number;
};

/** One line of the ranking; total in hundredths of a point (null for lowest_price). Read by server/awards. */
export type RankedBid = { rank: number; bid: string; bidderId: string; bidderOrganization: string | null; priceFen: number; total: number | null };

export type ComplianceDecision = { bid: string; passed: boolean; failedItems: { item: string; reasons: string[] }[] };

/** What the session computed: compliance (after every member submitted), then the aggregate, ranking and candidates. */
export type EvaluationResult = {
  compliance: ComplianceDecision[];
  aggregate?: unknown;
  ranking?: RankedBid[];
  candidates?: RankedBid[];
};

type Row = Record<string, unknown>;

export type Member = { userId: string; displayName: string; organizationName: string | null; seat: number };

/** The committee's members (not reserves), by seat. */
export async function listMembers(db: Db, tenderId: string): Promise<Member[]> {
  const rows: Row[] = await db('committee_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .where({ 'm.tender_id': tenderId, 'm.kind': 'member' })
    .orderBy('m.seat')
    .select('m.user_id', 'u.display_name', 'o.name as organization_name', 'm.seat');
  return rows.map((r) => ({ userId: r.user_id as string, displayName: r.display_name as string, organizationName: (r.organization_name as string | null) ?? null, seat: Number(r.seat) }));
}

export async function findSession(db: Db, tenderId: string): Promise<SessionRow | undefined> {
  const r: Row | undefined = await db('evaluation_sessions').where({ tender_id: tenderId }).first();
  return (
    r && {
      tenderId,
      stage: r.stage as EvaluationStage,
      chairId: (r.chair_id as string | null) ?? null,
      result: r.result ? fromJson<EvaluationResult | null>(r.result as string, null) : null,
      report: r.report ? fromJson<Record<string, unknown> | null>(r.report as string, null) : null,
      rejectedReason: (r.rejected_reason as string | null) ?? null,
      updatedAt: Number(r.updated_at),
    }
  );
}

export async function insertSession(db: Db, tenderId: string, now: number): Promise<void> {
  await db('evaluation_sessions').insert({ tender_id: tenderId, stage: 'chair', updated_at: now });
}

export async function updateSession(
  db: Db,
  tenderId: string,
  patch: Partial<{ stage: EvaluationStage; chairId: string; result: EvaluationResult | null; report: Record<string, unknown>; rejectedReason: string }>,
  now: number,
): Promise<void> {
  const row: Row = { updated_at: now };
  if (patch.stage !== undefined) {
    row.stage = patch.stage;
  }
  if (patch.chairId !== undefined) {
    row.chair_id = patch.chairId;
  }
  if (patch.result !== undefined) {
    row.result = patch.result === null ? null : JSON.stringify(patch.result);
  }
  if (patch.report !== undefined) {
    row.report = JSON.stringify(patch.report);
  }
  if (patch.rejectedReason !== undefined) {
    row.rejected_reason = patch.rejectedReason;
  }
  await db('evaluation_sessions').where({ tender_id: tenderId }).update(row);
}

export async function upsertVote(db: Db, tenderId: string, voterId: string, candidateId: string, now: number): Promise<void> {
  await db('evaluation_chair_votes').where({ tender_id: tenderId, voter_id: voterId }).delete();
  await db('evaluation_chair_votes').insert({ tender_id: tenderId, voter_id: voterId, candidate_id: candidateId, voted_at: now });
}

export async function listVotes(db: Db, tenderId: string): Promise<{ voterId: string; candidateId: string }[]> {
  const rows: Row[] = await db('evaluation_chair_votes').where({ tender_id: tenderId });
  return rows.map((r) => ({ voterId: r.voter_id as string, candidateId: r.candidate_id as string }));
}

export type ComplianceEntry = { member: string; bid: string; item: string; pass: boolean; reason: string | null };

export async function putCompliance(db: Db, tenderId: string, entries: ComplianceEntry[]): Promise<void> {
  for (const e of entries) {
    await db('evaluation_compliance').where({ tender_id: tenderId, member_id: e.member, bid_sha256: e.bid, item: e.item }).delete();
    await db('evaluation_compliance').insert({ tender_id: tenderId, member_id: e.member, bid_sha256: e.bid, item: e.item, pass: e.pass, reason: e.reason });
  }
}

export async function listCompliance(db: Db, tenderId: string, member?: string): Promise<ComplianceEntry[]> {
  const q = db('evaluation_compliance').where({ tender_id: tenderId });
  if (member) {
    q.andWhere({ member_id: member });
  }
  const rows: Row[] = await q.orderBy(['member_id', 'bid_sha256', 'item']);
  return rows.map((r) => ({ member: r.member_id as string, bid: r.bid_sha256 as string, item: r.item as string, pass: Boolean(r.pass), reason: (r.reason as string | null) ?? null }));
}

export type ScoreEntry = { member: string; bid: string; criterion: string; score: number };

export async function putScores(db: Db, tenderId: string, entries: ScoreEntry[]): Promise<void> {
  for (const e of entries) {
    await db('evaluation_scores').where({ tender_id: tenderId, member_id: e.member, bid_sha256: e.bid, criterion: e.criterion }).delete();
    await db('evaluation_scores').insert({ tender_id: tenderId, member_id: e.member, bid_sha256: e.bid, criterion: e.criterion, score: e.score });
  }
}

export async function listScores(db: Db, tenderId: string, member?: string): Promise<ScoreEntry[]> {
  const q = db('evaluation_scores').where({ tender_id: tenderId });
  if (member) {
    q.andWhere({ member_id: member });
  }
  const rows: Row[] = await q.orderBy(['member_id', 'bid_sha256', 'criterion']);
  return rows.map((r) => ({ member: r.member_id as string, bid: r.bid_sha256 as string, criterion: r.criterion as string, score: Number(r.score) }));
}

export type SubmissionKind = 'compliance' | 'scores' | 'signature';

export type Submission = {
  member: string;
  kind: SubmissionKind;
  submittedAt: number | null;
  returnedAt: number | null;
  returnReason: string | null;
  agree: boolean | null;
  dissent: string | null;
};

export async function submit(db: Db, tenderId: string, s: Omit<Submission, 'returnedAt' | 'returnReason'> & { submittedAt: number }): Promise<void> {
  await db('evaluation_submissions').where({ tender_id: tenderId, member_id: s.member, kind: s.kind }).delete();
  await db('evaluation_submissions').insert({
    tender_id: tenderId, member_id: s.member, kind: s.kind, submitted_at: s.submittedAt, returned_at: null, return_reason: null, agree: s.agree, dissent: s.dissent,
  });
}

export async function returnSubmission(db: Db, tenderId: string, member: string, kind: SubmissionKind, reason: string, now: number): Promise<void> {
  await db('evaluation_submissions').where({ tender_id: tenderId, member_id: member, kind }).update({ submitted_at: null, returned_at: now, return_reason: reason });
}

export async function listSubmissions(db: Db, tenderId: string): Promise<Submission[]> {
  const rows: Row[] = await db('evaluation_submissions').where({ tender_id: tenderId });
  return rows.map((r) => ({
    member: r.member_id as string,
    kind: r.kind as SubmissionKind,
    submittedAt: r.submitted_at === null ? null : Number(r.submitted_at),
    returnedAt: r.returned_at === null ? null : Number(r.returned_at),
    returnReason: (r.return_reason as string | null) ?? null,
    agree: r.agree === null ? null : Boolean(r.agree),
    dissent: (r.dissent as string | null) ?? null,
  }));
}

export type Flag = {
  id: string;
  member: string;
  bid: string;
  criterion: string;
  score: number;
  mean: number;
  resolution: 'kept' | 'returned' | null;
  note: string | null;
  raisedAt: number;
  resolvedAt: number | null;
};

export async function replaceOpenFlags(db: Db, tenderId: string, flags: Flag[]): Promise<void> {
  await db('evaluation_flags').where({ tender_id: tenderId }).whereNull('resolution').delete();
  for (const f of flags) {
    await db('evaluation_flags').insert({
      id: f.id, tender_id: tenderId, member_id: f.member, bid_sha256: f.bid, criterion: f.criterion, score: f.score, mean: f.mean, resolution: null, note: null, raised_at: f.raisedAt, resolved_at: null,
    });
  }
}

export async function resolveFlag(db: Db, id: string, resolution: 'kept' | 'returned', note: string, now: number): Promise<void> {
  await db('evaluation_flags').where({ id }).update({ resolution, note, resolved_at: now });
}

export async function listFlags(db: Db, tenderId: string): Promise<Flag[]> {
  const rows: Row[] = await db('evaluation_flags').where({ tender_id: tenderId }).orderBy(['raised_at', 'id']);
  return rows.map((r) => ({
    id: r.id as string,
    member: r.member_id as string,
    bid: r.bid_sha256 as string,
    criterion: r.criterion as string,
    score: Number(r.score),
    mean: Number(r.mean),
    resolution: (r.resolution as Flag['resolution']) ?? null,
    note: (r.note as string | null) ?? null,
    raisedAt: Number(r.raised_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  }));
}

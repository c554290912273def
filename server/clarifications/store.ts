import type { Db } from '../db';
import { fromJson } from '../db/convert';

/** A bidder's question; the asker is confidential (only supervisors see it). Times in epoch ms. */
export type Question = {
  id: string;
  tenderId: string;
  askerId: string;
  askerOrganizationId: string | null;
  text: string;
  askedAt: number;
  answeredBy: string | null;
};

/** A published clarification or amendment; deadlines are set only when it moved the bid deadline. */
export type Clarification = {
  id: string;
  tenderId: string;
  title: string;
  body: string;
  kind: 'clarification' | 'amendment';
  questionIds: string[];
  previousBidDeadline: number | null;
  newBidDeadline: number | null;
  publishedBy: string;
  publishedAt: number;
};

type QuestionRow = {
  id: string;
  tender_id: string;
  asker_id: string;
  asker_organization_id: string | null;
  text: string;
  asked_at: number | string;
  answered_by: string | null;
};

type ClarificationRow = {
  id: string;
  tender_id: string;
  title: string;
  body: string;
  kind: string;
  question_ids: string;
  previous_bid_deadline_at: number | string | null;
  new_bid_deadline_at: number | string | null;
  published_by: string;
  published_at: number | string;
};

const nOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toQuestion(r: QuestionRow): Question {
  return {
    id: r.id,
    tenderId: r.tender_id,
    askerId: r.asker_id,
    askerOrganizationId: r.asker_organization_id,
    text: r.text,
    askedAt: Number(r.asked_at),
    answeredBy: r.answered_by,
  };
}

function toClarification(r: ClarificationRow): Clarification {
  return {
    id: r.id,
    tenderId: r.tender_id,
    title: r.title,
    body: r.body,
    kind: r.kind as Clarification['kind'],
    questionIds: fromJson<string[]>(r.question_ids, []),
    previousBidDeadline: nOrNull(r.previous_bid_deadline_at),
    newBidDeadline: nOrNull(r.new_bid_deadline_at),
    publishedBy: r.published_by,
    publishedAt: Number(r.published_at),
  };
}

export async function insertQuestion(db: Db, q: Question): Promise<void> {
  await db('questions').insert({
    id: q.id,
    tender_id: q.tenderId,
    asker_id: q.askerId,
    asker_organization_id: q.askerOrganizationId,
    text: q.text,
    asked_at: q.askedAt,
    answered_by: q.answeredBy,
  });
}

/** The tender's questions, oldest first; only the asker's when askerId is given. */
export async function listQuestions(db: Db, tenderId: string, askerId?: string): Promise<Question[]> {
  const q = db('questions').where({ tender_id: tenderId }).orderBy([
    { column: 'asked_at', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]);
  if (askerId) {
    q.andWhere({ asker_id: askerId });
  }
  return ((await q) as QuestionRow[]).map(toQuestion);
}

/** Which of these ids are questions of the tender. */
export async function findQuestionIds(db: Db, tenderId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows: { id: string }[] = await db('questions').where({ tender_id: tenderId }).whereIn('id', ids).select('id');
  return rows.map((r) => r.id);
}

export async function markAnswered(db: Db, ids: string[], clarificationId: string): Promise<void> {
  if (ids.length > 0) {
    await db('questions').whereIn('id', ids).update({ answered_by: clarificationId });
  }
}

export async function insertClarification(db: Db, c: Clarification): Promise<void> {
  await db('clarifications').insert({
    id: c.id,
    tender_id: c.tenderId,
    title: c.title,
    body: c.body,
    kind: c.kind,
    question_ids: JSON.stringify(c.questionIds),
    previous_bid_deadline_at: c.previousBidDeadline,
    new_bid_deadline_at: c.newBidDeadline,
    published_by: c.publishedBy,
    published_at: c.publishedAt,
  });
}

export async function listClarifications(db: Db, tenderId: string): Promise<Clarification[]> {
  const rows: ClarificationRow[] = await db('clarifications').where({ tender_id: tenderId }).orderBy([
    { column: 'published_at', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]);
  return rows.map(toClarification);
}

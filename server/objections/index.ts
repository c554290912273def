import type { Db } from '../db';

/**
 * 异议 and their answers, as the opening hall (opening_objections) and the candidate publicity
 * (publicity_objections) store them: the same columns, one table each. Times in epoch ms.
 */
export type Objection = {
  id: string;
  tenderId: string;
  bidderId: string;
  bidderOrganization: string | null;
  text: string;
  raisedAt: number;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: number | null;
};

type Row = Record<string, unknown>;

/** The store of one objections table. */
export function objectionStore(table: 'opening_objections' | 'publicity_objections') {
  return { insertObjection, answerObjection, listObjections, findObjection };

  async function insertObjection(db: Db, o: Objection): Promise<void> {
    await db(table).insert({
      id: o.id,
      tender_id: o.tenderId,
      bidder_id: o.bidderId,
      bidder_organization: o.bidderOrganization,
      text: o.text,
      raised_at: o.raisedAt,
      answer: o.answer,
      answered_by: o.answeredBy,
      answered_at: o.answeredAt,
    });
  }

  async function answerObjection(db: Db, id: string, answer: { text: string; by: string; at: number }): Promise<void> {
    await db(table).where({ id }).update({ answer: answer.text, answered_by: answer.by, answered_at: answer.at });
  }

  /** The tender's objections in the order they were raised. */
  async function listObjections(db: Db, tenderId: string): Promise<Objection[]> {
    const rows: Row[] = await db(table).where({ tender_id: tenderId }).orderBy([{ column: 'raised_at' }, { column: 'id' }]);
    return rows.map(toObjection);
  }

  async function findObjection(db: Db, tenderId: string, id: string): Promise<Objection | undefined> {
    const r: Row | undefined = await db(table).where({ tender_id: tenderId, id }).first();
    return r && toObjection(r);
  }
}

function toObjection(r: Row): Objection {
  return {
    id: r.id as string,
    tenderId: r.tender_id as string,
    bidderId: r.bidder_id as string,
    bidderOrganization: (r.bidder_organization as string | null) ?? null,
    text: r.text as string,
    raisedAt: Number(r.raised_at),
    answer: (r.answer as string | null) ?? null,
    answeredBy: (r.answered_by as string | null) ?? null,
    answeredAt: r.answered_at === null || r.answered_at === undefined ? null : Number(r.answered_at),
  };
}

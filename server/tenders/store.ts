import type { Db } from '../db';
import { forUpdate } from '../db';
import type { RuleSetName } from '../config';
import { fenToYuan, fromJson } from '../db/convert';
import { DEFAULT_COMPLIANCE_ITEMS, type Category, type ComplianceItem, type Criterion, type ProcurementMethod, type TenderStatus } from './schema';

/** A tender as services see it: times in epoch ms, money in fen. */
export type Tender = {
  id: string;
  status: TenderStatus;
  title: string;
  code: string;
  projectCode: string | null;
  description: string;
  category: Category;
  procurementMethod: ProcurementMethod;
  budgetFen: number;
  currency: 'CNY';
  registrationDeadline: number;
  bidDeadline: number;
  openingMode: 'platform' | 'bidder';
  decryptionWindowMinutes: number;
  undecryptedBids: 'backup' | 'invalid';
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: Criterion[];
  openingItems: string[];
  complianceItems: ComplianceItem[];
  documentsPublic: boolean;
  ownerId: string;
  ownerOrganizationId: string | null;
  ownerOrganizationName: string | null;
  ruleSet: RuleSetName | null;
  publishedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  /** when the opening fixed the bids in force; no bid commits after it */
  sealedAt: number | null;
  failedAt: number | null;
  failureReason: string | null;
  createdAt: number;
  updatedAt: number;
};

type Row = Record<string, unknown>;

const n = (v: unknown): number => Number(v);
const nOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toTender(r: Row): Tender {
  return {
    id: r.id as string,
    status: r.status as TenderStatus,
    title: r.title as string,
    code: r.code as string,
    projectCode: (r.project_code as string | null) ?? null,
    description: r.description as string,
    category: r.category as Category,
    procurementMethod: r.procurement_method as ProcurementMethod,
    budgetFen: n(r.budget_fen),
    currency: 'CNY',
    registrationDeadline: n(r.registration_deadline_at),
    bidDeadline: n(r.bid_deadline_at),
    openingMode: r.opening_mode as Tender['openingMode'],
    decryptionWindowMinutes: n(r.decryption_window_minutes),
    undecryptedBids: r.undecrypted_bids as Tender['undecryptedBids'],
    evaluationMethod: r.evaluation_method as Tender['evaluationMethod'],
    criteria: fromJson<Criterion[]>(r.criteria as string, []),
    openingItems: fromJson<string[]>(r.opening_items as string, []),
    complianceItems: fromJson<ComplianceItem[]>(r.compliance_items as string | null, DEFAULT_COMPLIANCE_ITEMS),
    documentsPublic: r.documents_access === 'public',
    ownerId: r.owner_id as string,
    ownerOrganizationId: (r.owner_organization_id as string | null) ?? null,
    ownerOrganizationName: (r.org_name as string | null) ?? null,
    ruleSet: (r.rule_set as RuleSetName | null) ?? null,
    publishedAt: nOrNull(r.published_at),
    cancelledAt: nOrNull(r.cancelled_at),
    cancelReason: (r.cancel_reason as string | null) ?? null,
    sealedAt: nOrNull(r.sealed_at),
    failedAt: nOrNull(r.failed_at),
    failureReason: (r.failure_reason as string | null) ?? null,
    createdAt: n(r.created_at),
    updatedAt: n(r.updated_at),
  };
}

/** Tender fields → columns (only the ones given). */
function toRow(t: Partial<Tender>): Row {
  const map: [keyof Tender, string, (v: never) => unknown][] = [
    ['status', 'status', (v) => v],
    ['title', 'title', (v) => v],
    ['code', 'code', (v) => v],
    ['projectCode', 'project_code', (v) => v],
    ['description', 'description', (v) => v],
    ['category', 'category', (v) => v],
    ['procurementMethod', 'procurement_method', (v) => v],
    ['budgetFen', 'budget_fen', (v) => v],
    ['currency', 'currency', (v) => v],
    ['registrationDeadline', 'registration_deadline_at', (v) => v],
    ['bidDeadline', 'bid_deadline_at', (v) => v],
    ['openingMode', 'opening_mode', (v) => v],
    ['decryptionWindowMinutes', 'decryption_window_minutes', (v) => v],
    ['undecryptedBids', 'undecrypted_bids', (v) => v],
    ['evaluationMethod', 'evaluation_method', (v) => v],
    ['criteria', 'criteria', (v) => JSON.stringify(v)],
    ['openingItems', 'opening_items', (v) => JSON.stringify(v)],
    ['complianceItems', 'compliance_items', (v) => JSON.stringify(v)],
    ['documentsPublic', 'documents_access', (v: boolean) => (v ? 'public' : 'registered')],
    ['ownerId', 'owner_id', (v) => v],
    ['ownerOrganizationId', 'owner_organization_id', (v) => v],
    ['ruleSet', 'rule_set', (v) => v],
    ['publishedAt', 'published_at', (v) => v],
    ['cancelledAt', 'cancelled_at', (v) => v],
    ['cancelReason', 'cancel_reason', (v) => v],
    ['sealedAt', 'sealed_at', (v) => v],
    ['failedAt', 'failed_at', (v) => v],
    ['failureReason', 'failure_reason', (v) => v],
    ['createdAt', 'created_at', (v) => v],
    ['updatedAt', 'updated_at', (v) => v],
  ];
  const row: Row = {};
  for (const [key, column, convert] of map) {
    if (t[key] !== undefined) {
      row[column] = convert(t[key] as never);
    }
  }
  return row;
}

function tenders(db: Db) {
  return db('tenders as t').leftJoin('organizations as o', 'o.id', 't.owner_organization_id').select('t.*', 'o.name as org_name');
}

export async function insertTender(db: Db, t: Omit<Tender, 'ownerOrganizationName' | 'sealedAt' | 'failedAt' | 'failureReason'>): Promise<void> {
  await db('tenders').insert({ id: t.id, ...toRow(t) });
}

export async function updateTender(db: Db, id: string, patch: Partial<Tender>): Promise<void> {
  await db('tenders').where({ id }).update(toRow(patch));
}

export async function findTender(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<Tender | undefined> {
  const q = tenders(db).where('t.id', id).first();
  const row: Row | undefined = opts.lock ? await forUpdate(db, q) : await q;
  return row && toTender(row);
}

export type TenderFilter = {
  statuses: readonly TenderStatus[];
  ownerId?: string;
  category?: Category;
  text?: string;
  page: number;
  pageSize: number;
};

/** Filtered, paginated list (newest first) and the total matching the filter. */
export async function listTenders(db: Db, f: TenderFilter): Promise<{ items: Tender[]; total: number }> {
  const where = (q: ReturnType<typeof db>) => {
    q.whereIn('t.status', f.statuses as TenderStatus[]);
    if (f.ownerId) {
      q.where('t.owner_id', f.ownerId);
    }
    if (f.category) {
      q.where('t.category', f.category);
    }
    if (f.text) {
      // NOTE: '!' as the LIKE escape: a backslash means different things in MySQL and SQLite literals.
      const like = `%${f.text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q.where((w) => w.whereRaw("t.title like ? escape '!'", [like]).orWhereRaw("t.code like ? escape '!'", [like]));
    }
    return q;
  };
  const countRow = (await where(db('tenders as t')).count<{ c: number | string }[]>({ c: '*' }).first()) as { c: number | string } | undefined;
  const rows: Row[] = await where(tenders(db))
    .orderBy([
      { column: 't.published_at', order: 'desc' },
      { column: 't.created_at', order: 'desc' },
    ])
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: rows.map(toTender), total: Number(countRow?.c ?? 0) };
}

/** Tenders in a status whose bid deadline has come (the opening scheduler reads this). */
export async function listDueForOpening(db: Db, now: number): Promise<Tender[]> {
  const rows: Row[] = await tenders(db).where('t.status', 'published').andWhere('t.bid_deadline_at', '<=', now).orderBy('t.bid_deadline_at');
  return rows.map(toTender);
}

/** The earliest bid deadline of a published tender, or null: when the opening scheduler wakes next. */
export async function nextBidDeadline(db: Db): Promise<number | null> {
  const row = await db('tenders').where('status', 'published').min<{ at: number | string | null }[]>({ at: 'bid_deadline_at' }).first();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/**
 * published → opening, only when the deadline has come at `now`; true for the one caller whose
 * update changed the row. The condition is checked under the row's write lock, so among several
 * processes exactly one sees true (DESIGN §2: the opening starts by itself, exactly once).
 */
export async function markOpeningIfDue(db: Db, id: string, now: number): Promise<boolean> {
  const changed = await db('tenders')
    .where({ id, status: 'published' })
    .andWhere('bid_deadline_at', '<=', now)
    .update({ status: 'opening', updated_at: now });
  return Number(changed) === 1;
}

export { fenToYuan };

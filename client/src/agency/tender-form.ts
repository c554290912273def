import type { Tender, TenderInput } from '../api/types';

/** The form's values: a tender's writable fields with projectCode as text. */
export type TenderFormValues = Omit<TenderInput, 'projectCode'> & { projectCode?: string };

/** Field names the server may name in fields[].path (first segment). */
export const TENDER_FIELDS = new Set([
  'title', 'code', 'projectCode', 'description', 'category', 'procurementMethod', 'budget', 'currency',
  'registrationDeadline', 'bidDeadline', 'openingMode', 'decryptionWindowMinutes', 'undecryptedBids',
  'evaluationMethod', 'criteria', 'openingItems', 'documentsPublic',
]);

export const isTenderField = (path: string): boolean => TENDER_FIELDS.has(path.split('.')[0] ?? '');

/** Defaults for a new tender: 综合评分法 with price 40 / technical 45 / commercial 15. */
export function newTenderValues(): Partial<TenderFormValues> {
  return {
    category: 'construction',
    procurementMethod: 'open',
    currency: 'CNY',
    description: '',
    openingMode: 'platform',
    decryptionWindowMinutes: 30,
    undecryptedBids: 'backup',
    evaluationMethod: 'comprehensive',
    criteria: [
      { key: 'price', name: '价格', kind: 'price', weight: '40' },
      { key: 'technical', name: '技术方案', kind: 'subjective', weight: '45' },
      { key: 'commercial', name: '商务', kind: 'subjective', weight: '15' },
    ],
    openingItems: ['price', 'durationDays', 'quality'],
    documentsPublic: false,
  };
}

export function toFormValues(t: Tender): TenderFormValues {
  return {
    title: t.title,
    code: t.code,
    projectCode: t.projectCode ?? '',
    description: t.description,
    category: t.category,
    procurementMethod: t.procurementMethod,
    budget: t.budget,
    currency: 'CNY',
    registrationDeadline: t.registrationDeadline,
    bidDeadline: t.bidDeadline,
    openingMode: t.openingMode,
    decryptionWindowMinutes: t.decryptionWindowMinutes,
    undecryptedBids: t.undecryptedBids,
    evaluationMethod: t.evaluationMethod,
    criteria: t.criteria,
    openingItems: t.openingItems,
    documentsPublic: t.documentsPublic,
  };
}

/** The request body (POST and PATCH take the same fields). */
export function toBody(v: TenderFormValues): TenderInput {
  return {
    title: v.title.trim(),
    code: v.code.trim(),
    projectCode: v.projectCode?.trim() ? v.projectCode.trim() : null,
    description: v.description ?? '',
    category: v.category,
    procurementMethod: v.procurementMethod,
    budget: normalizeYuan(v.budget),
    currency: 'CNY',
    registrationDeadline: v.registrationDeadline,
    bidDeadline: v.bidDeadline,
    openingMode: v.openingMode,
    decryptionWindowMinutes: Number(v.decryptionWindowMinutes),
    undecryptedBids: v.undecryptedBids,
    evaluationMethod: v.evaluationMethod,
    criteria: (v.criteria ?? []).map((c) => ({ key: c.key.trim(), name: c.name.trim(), kind: c.kind, weight: String(c.weight).trim() })),
    openingItems: v.openingItems ?? [],
    documentsPublic: Boolean(v.documentsPublic),
  };
}

/** "12,500,000" → "12500000.00" (commas typed by people are dropped). */
export function normalizeYuan(s: string): string {
  const plain = String(s).replace(/[,\s，]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plain);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(2, '0')}` : plain;
}

import { z } from 'zod';
import { EntityId, UtcTime, UtcTimeOrNull, YuanAmount, strict } from '../http/response-schema';

export const Yuan = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'yuan with at most 2 decimals, e.g. "12500000.00"');
export const Weight = z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, 'a weight such as "40" or "12.5"');
export const IsoTime = z.iso.datetime({ offset: true, message: 'ISO-8601 time, e.g. 2026-12-25T01:30:00.000Z' });

export const TENDER_STATUSES = ['draft', 'published', 'opening', 'opened', 'evaluating', 'evaluated', 'publicity', 'awarded', 'failed', 'cancelled'] as const;
export const TenderStatus = z.enum(TENDER_STATUSES);
export type TenderStatus = z.infer<typeof TenderStatus>;

export const Category = z.enum(['construction', 'goods', 'services', 'land', 'property']);
export type Category = z.infer<typeof Category>;
export const ProcurementMethod = z.enum(['open', 'invited', 'competitive_negotiation', 'inquiry']);
export type ProcurementMethod = z.infer<typeof ProcurementMethod>;

export const Criterion = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'a short identifier such as "technical"'),
    name: z.string().trim().min(1).max(50),
    kind: z.enum(['price', 'subjective', 'objective']),
    weight: Weight,
  })
  .strict();
export type Criterion = z.infer<typeof Criterion>;

/** A 符合性/资格审查 item every evaluator passes or fails for each bid. */
export const ComplianceItem = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'a short identifier such as "qualification"'),
    name: z.string().trim().min(1).max(50),
  })
  .strict();
export type ComplianceItem = z.infer<typeof ComplianceItem>;

export const DEFAULT_COMPLIANCE_ITEMS: ComplianceItem[] = [
  { key: 'qualification', name: '投标人资格' },
  { key: 'signature', name: '投标文件签署' },
  { key: 'price_limit', name: '投标报价不超过预算' },
  { key: 'duration', name: '工期/交付期满足要求' },
];

export const OpeningItem = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'an identifier such as "durationDays"');

const tenderFields = {
  title: z.string().trim().min(2).max(200),
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,47}$/, 'letters, digits, - _ .'),
  projectCode: z.string().trim().max(48).nullable(),
  description: z.string().max(20000),
  category: Category,
  procurementMethod: ProcurementMethod,
  budget: Yuan,
  currency: z.literal('CNY'),
  registrationDeadline: IsoTime,
  bidDeadline: IsoTime,
  openingMode: z.enum(['platform', 'bidder']),
  decryptionWindowMinutes: z.number().int().min(1).max(240),
  undecryptedBids: z.enum(['backup', 'invalid']),
  evaluationMethod: z.enum(['comprehensive', 'lowest_price']),
  criteria: z.array(Criterion).max(30),
  openingItems: z.array(OpeningItem).min(1).max(20),
  complianceItems: z.array(ComplianceItem).min(1).max(30),
  documentsPublic: z.boolean(),
};

export const CreateTenderBody = z
  .object({
    ...tenderFields,
    projectCode: tenderFields.projectCode.optional(),
    description: tenderFields.description.default(''),
    currency: tenderFields.currency.default('CNY'),
    openingMode: tenderFields.openingMode.default('platform'),
    decryptionWindowMinutes: tenderFields.decryptionWindowMinutes.default(30),
    undecryptedBids: tenderFields.undecryptedBids.default('backup'),
    evaluationMethod: tenderFields.evaluationMethod.default('comprehensive'),
    criteria: tenderFields.criteria.default([]),
    openingItems: tenderFields.openingItems.default(['price', 'durationDays', 'quality']),
    complianceItems: tenderFields.complianceItems.default(DEFAULT_COMPLIANCE_ITEMS),
    documentsPublic: tenderFields.documentsPublic.default(false),
  })
  .strict();
export type CreateTenderBody = z.infer<typeof CreateTenderBody>;

export const UpdateTenderBody = z.object(tenderFields).partial().strict();
export type UpdateTenderBody = z.infer<typeof UpdateTenderBody>;

export const CancelTenderBody = z.object({ reason: z.string().trim().min(2).max(2000) }).strict();

export const TenderParams = z.object({ tenderId: z.string().regex(/^[0-9A-Z]{26}$/, 'a tender id') });

export const ListTendersQuery = z
  .object({
    status: TenderStatus.optional(),
    category: Category.optional(),
    q: z.string().trim().max(100).optional(),
    mine: z.enum(['1', 'true']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListTendersQuery = z.infer<typeof ListTendersQuery>;

/** A criterion as the API sends it: the weight as it was written ("40", "12.5"). */
const CriterionResponse = strict({ key: z.string(), name: z.string(), kind: Criterion.shape.kind, weight: Weight });

/** A tender as the API sends it (DESIGN §9 and docs/api-contracts.md, Tenders). */
export const TenderResponse = strict({
  id: EntityId,
  status: TenderStatus,
  title: z.string(),
  code: z.string(),
  projectCode: z.string().nullable(),
  description: z.string(),
  category: Category,
  procurementMethod: ProcurementMethod,
  budget: YuanAmount,
  currency: z.literal('CNY'),
  registrationDeadline: UtcTime,
  bidDeadline: UtcTime,
  openingMode: z.enum(['platform', 'bidder']),
  decryptionWindowMinutes: z.number().int(),
  undecryptedBids: z.enum(['backup', 'invalid']),
  evaluationMethod: z.enum(['comprehensive', 'lowest_price']),
  criteria: z.array(CriterionResponse),
  openingItems: z.array(z.string()),
  complianceItems: z.array(strict({ key: z.string(), name: z.string() })),
  documentsPublic: z.boolean(),
  agency: strict({ organizationName: z.string().nullable() }),
  /** the rule set that applied at publication (null for a draft) */
  ruleSet: z.enum(['sandbox', 'cn-law']).nullable(),
  publishedAt: UtcTimeOrNull,
  cancelledAt: UtcTimeOrNull,
  cancelReason: z.string().nullable(),
  /** 流标/废标: when and why the tender failed */
  failedAt: UtcTimeOrNull,
  failureReason: z.string().nullable(),
  createdAt: UtcTime,
  updatedAt: UtcTime,
});
export type TenderResponse = z.infer<typeof TenderResponse>;

/** GET /tenders: one page of tenders. */
export const TenderListResponse = strict({ items: z.array(TenderResponse), total: z.number().int().min(0), page: z.number().int().min(1), pageSize: z.number().int().min(1) });

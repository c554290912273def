import { z } from 'zod';
import { DecimalScore, EntityId, itemsOf, Sha256Hex, strict, UtcTime, UtcTimeOrNull, YuanAmount } from '../http/response-schema';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a bid (its commitment SHA-256)');
const Key = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'an identifier');

export const MemberParams = z.object({ tenderId: Id, memberId: Id });
export const BidParams = z.object({ tenderId: Id, bid: Sha256 });
export const BidDocumentParams = z.object({ tenderId: Id, bid: Sha256, name: z.string().min(1).max(255) });
export const FlagParams = z.object({ tenderId: Id, flagId: Id });

export const ChairVoteBody = z.object({ userId: Id }).strict();

export const ComplianceBody = z
  .object({
    entries: z
      .array(z.object({ bid: Sha256, item: Key, pass: z.boolean(), reason: z.string().trim().max(1000).optional() }).strict())
      .min(1)
      .max(2000),
  })
  .strict();

export const ScoresBody = z
  .object({
    entries: z
      .array(z.object({ bid: Sha256, criterion: Key, score: z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, 'a score such as "12.5"') }).strict())
      .min(1)
      .max(2000),
  })
  .strict();

export const ReasonBody = z.object({ reason: z.string().trim().min(2).max(1000) }).strict();

export const ResolveFlagBody = z.object({ resolution: z.enum(['kept', 'returned']), note: z.string().trim().min(2).max(1000) }).strict();

export const SignBody = z.object({ agree: z.boolean(), dissent: z.string().trim().max(5000).optional() }).strict();

// Responses (docs/api-contracts.md "Evaluation and award"): what the session's routes and its /evaluation
// snapshot send, strict. Scores, means, weights and totals are decimal strings ("92.41"), prices yuan strings.

const Stage = z.enum(['chair', 'compliance', 'scoring', 'review', 'signing', 'done', 'rejected']);
const Method = z.enum(['comprehensive', 'lowest_price']);
const CriterionKind = z.enum(['price', 'subjective', 'objective']);
const Organization = z.string().nullable();

/** A criterion as the tender defines it (weight as typed, e.g. "40"). */
export const EvaluationCriterionResponse = strict({ key: z.string(), name: z.string(), kind: CriterionKind, weight: z.string() });
export const ComplianceItemResponse = strict({ key: z.string(), name: z.string() });

/** A valid bid of the opening record, named by its commitment sha256, with its opening items (唱标内容). */
export const EvaluationBidResponse = strict({ sha256: Sha256Hex, bidderOrganization: Organization, items: z.record(z.string(), z.json()) });

/** One member's compliance verdict on one item of one bid. */
export const ComplianceEntryResponse = strict({ member: EntityId, bid: Sha256Hex, item: z.string(), pass: z.boolean(), reason: z.string().nullable() });

/** Per bid, what the majority decided. */
export const ComplianceDecisionResponse = strict({
  bid: Sha256Hex, passed: z.boolean(), failedItems: z.array(strict({ item: z.string(), reasons: z.array(z.string()) })),
});

/** One member's score of one bid on one typed criterion. */
export const ScoreEntryResponse = strict({ member: EntityId, bid: Sha256Hex, criterion: z.string(), score: DecimalScore });

/** The aggregate (综合评分法): per compliant bid the mean per criterion (price computed), the subjective sum and the total. */
export const AggregateResponse = strict({
  basePrice: YuanAmount.nullable(),
  results: z.array(
    strict({
      bid: Sha256Hex,
      price: YuanAmount,
      criteria: z.array(strict({ criterion: z.string(), kind: CriterionKind, weight: DecimalScore, mean: DecimalScore })),
      subjectiveTotal: DecimalScore,
      total: DecimalScore,
    }),
  ),
});

/** A line of the ranking (and a candidate): total null for lowest_price. */
export const RankedBidResponse = strict({ rank: z.number().int().positive(), bid: Sha256Hex, bidderOrganization: Organization, price: YuanAmount, total: DecimalScore.nullable() });

/** A deviation flag and the chair's resolution. */
export const FlagResponse = strict({
  id: EntityId, member: EntityId, bid: Sha256Hex, criterion: z.string(), score: DecimalScore, mean: DecimalScore,
  resolution: z.enum(['kept', 'returned']).nullable(), note: z.string().nullable(), raisedAt: UtcTime, resolvedAt: UtcTimeOrNull,
});

/** A member's signature of the report: agreeing, or with its dissent (不同意见). */
export const ReportSignatureResponse = strict({ userId: EntityId, agree: z.boolean().nullable(), dissent: z.string().nullable(), signedAt: UtcTime });

/** GET /tenders/:id/evaluation/report (评标报告 data), also the session view's `report` once assembled. */
export const EvaluationReportResponse = strict({
  tenderId: EntityId,
  code: z.string(),
  title: z.string(),
  evaluationMethod: Method,
  criteria: z.array(EvaluationCriterionResponse),
  complianceItems: z.array(ComplianceItemResponse),
  members: z.array(strict({ userId: EntityId, displayName: z.string(), organizationName: Organization, seat: z.number().int().positive(), chair: z.boolean() })),
  bids: z.array(EvaluationBidResponse),
  compliance: strict({ decisions: z.array(ComplianceDecisionResponse), entries: z.array(ComplianceEntryResponse) }),
  scores: z.array(ScoreEntryResponse),
  aggregate: AggregateResponse.nullable(),
  flags: z.array(FlagResponse),
  ranking: z.array(RankedBidResponse),
  candidates: z.array(RankedBidResponse),
  signatures: z.array(ReportSignatureResponse),
});

/** GET /tenders/:id/evaluation and the /evaluation namespace's snapshot (there with its `seq`). */
export const EvaluationViewResponse = strict({
  tenderId: EntityId,
  stage: Stage,
  evaluationMethod: Method,
  criteria: z.array(EvaluationCriterionResponse),
  complianceItems: z.array(ComplianceItemResponse),
  bids: z.array(EvaluationBidResponse),
  members: z.array(
    strict({
      userId: EntityId,
      displayName: z.string(),
      seat: z.number().int().positive(),
      chair: z.boolean(),
      present: z.boolean(),
      complianceSubmittedAt: UtcTimeOrNull,
      scoresSubmittedAt: UtcTimeOrNull,
      signedAt: UtcTimeOrNull,
      returned: z.string().nullable(),
    }),
  ),
  chairVotes: strict({ cast: z.number().int().nonnegative(), mine: EntityId.nullable() }),
  me: strict({ role: z.enum(['member', 'observer']), userId: EntityId, chair: z.boolean() }),
  compliance: strict({ mine: z.array(ComplianceEntryResponse), result: z.array(ComplianceDecisionResponse).nullable() }),
  scores: strict({ mine: z.array(ScoreEntryResponse), all: z.array(ScoreEntryResponse).nullable(), locked: z.boolean() }),
  results: AggregateResponse.nullable(),
  ranking: z.array(RankedBidResponse).nullable(),
  candidates: z.array(RankedBidResponse).nullable(),
  flags: z.array(FlagResponse),
  report: EvaluationReportResponse.nullable(),
  rejectedReason: z.string().nullable(),
});

/** POST /evaluation/chair: the chair once elected, else null. */
export const ChairVoteResponse = strict({ chairId: EntityId.nullable() });
/** PUT /evaluation/compliance: the member's verdicts so far. */
export const ComplianceEntriesResponse = strict({ entries: z.array(ComplianceEntryResponse) });
/** PUT /evaluation/scores: the member's scores so far. */
export const ScoreEntriesResponse = strict({ entries: z.array(ScoreEntryResponse) });
/** POST /evaluation/compliance/submit and /scores/submit. */
export const SubmittedResponse = strict({ submittedAt: UtcTime });
/** POST /evaluation/sign. */
export const SignedResponse = strict({ signedAt: UtcTime });
/** GET /evaluation/bids/:bid/documents. */
export const BidDocumentListResponse = itemsOf(strict({ name: z.string(), size: z.number().int().nonnegative(), sha256: Sha256Hex }));

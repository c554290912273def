import { fromMs, yuanToFen } from '../db/convert';
import type { TenderFacts } from './facts';
import { bidderRef, type PartyRef } from './parties';
import { has, type Stage } from './stages';

type Json = Record<string, unknown>;
type Clarification = TenderFacts['clarifications'][number];

/** OCDS method codelist (closed): 公开招标 open; 邀请招标 selective; 竞争性谈判 and 询价 limited (the buyer picks whom it asks). */
const METHOD = { open: 'open', invited: 'selective', competitive_negotiation: 'limited', inquiry: 'limited' } as const;
const METHOD_DETAILS = { open: '公开招标', invited: '邀请招标', competitive_negotiation: '竞争性谈判', inquiry: '询价' } as const;
/** OCDS procurementCategory (closed): land and property transactions are none of goods, works, services. */
const CATEGORY: Record<string, string | undefined> = { construction: 'works', goods: 'goods', services: 'services' };

/** Money in fen → an OCDS Value (amount is a JSON number in OCDS; 2 decimals are exact enough for yuan below 2^53 fen). */
export function valueOf(fen: number): { amount: number; currency: 'CNY' } {
  return { amount: fen / 100, currency: 'CNY' };
}

/** The `tender` section of a release at the last stage of `scope`. */
export function tenderSection(f: TenderFacts, scope: Stage[], buyer: PartyRef, base: string): Json {
  const t = f.tender;
  const stage = scope[scope.length - 1];
  const clarifications = scope.flatMap((s) => (s.kind === 'clarification' ? [s.clarification] : []));
  const deadline = deadlineAt(f, clarifications);
  const comprehensive = t.evaluationMethod === 'comprehensive';
  return {
    id: t.id,
    title: t.title,
    ...(t.description ? { description: t.description } : {}),
    status: statusAt(scope),
    procuringEntity: buyer,
    value: valueOf(t.budgetFen),
    procurementMethod: METHOD[t.procurementMethod],
    procurementMethodDetails: METHOD_DETAILS[t.procurementMethod],
    ...(CATEGORY[t.category] ? { mainProcurementCategory: CATEGORY[t.category] } : {}),
    awardCriteria: comprehensive ? 'ratedCriteria' : 'priceOnly',
    awardCriteriaDetails: comprehensive ? `综合评分法：${t.criteria.map((c) => `${c.name} ${c.weight} 分`).join('，')}` : '经评审的最低投标价法',
    submissionMethod: ['electronicSubmission'],
    submissionMethodDetails: '电子投标：投标文件经数字签名并加密（CMS），通过平台递交',
    tenderPeriod: { startDate: fromMs(t.publishedAt as number), endDate: fromMs(deadline) },
    enquiryPeriod: { startDate: fromMs(t.publishedAt as number), endDate: fromMs(deadline) },
    documents: documentsAt(f, clarifications, stage.date, base),
    amendments: amendmentsOf(clarifications),
    ...(has(scope, 'opening') ? biddingOf(f) : {}),
  };
}

/** Public tender documents uploaded by `at` (every version) and the clarifications given, as OCDS documents. */
function documentsAt(f: TenderFacts, clarifications: Clarification[], at: number, base: string): Json[] {
  const t = f.tender;
  return [
    ...f.documents.filter((d) => d.uploadedAt <= at).map((d) => ({
      id: d.id,
      documentType: 'biddingDocuments',
      title: d.name,
      description: `招标文件第 ${d.version} 版，SHA-256 ${d.sha256}`,
      url: `${base}/api/tenders/${t.id}/documents/${d.id}`,
      datePublished: fromMs(d.uploadedAt),
      format: d.contentType,
      language: 'zh',
    })),
    ...clarifications.map((c) => ({
      id: `clarification-${c.id}`,
      documentType: 'clarifications',
      title: c.title,
      description: c.body.slice(0, 2000),
      url: `${base}/api/tenders/${t.id}/clarifications`,
      datePublished: fromMs(c.publishedAt),
      format: 'application/json',
      language: 'zh',
    })),
  ];
}

/** The amendments (修改) among the clarifications given; a moved deadline is named in the description. */
function amendmentsOf(clarifications: Clarification[]): Json[] {
  return clarifications
    .filter((c) => c.kind === 'amendment')
    .map((c) => ({
      id: c.id,
      date: fromMs(c.publishedAt),
      rationale: c.title,
      description: c.newBidDeadline === null ? c.body.slice(0, 2000) : `${c.body.slice(0, 2000)}（投标截止时间改为 ${fromMs(c.newBidDeadline)}）`,
    }));
}

/** OCDS tenderStatus (closed) at the stage. */
function statusAt(scope: Stage[]): string {
  if (has(scope, 'cancellation')) {
    return 'cancelled';
  }
  if (has(scope, 'failure') || scope.some((s) => s.kind === 'opening' && s.failed)) {
    return 'unsuccessful';
  }
  return has(scope, 'award') ? 'complete' : 'active';
}

/** The bid deadline in force after the clarifications given (those that moved it, in order). */
function deadlineAt(f: TenderFacts, given: Clarification[]): number {
  const moves = f.clarifications.filter((c) => c.newBidDeadline !== null).sort((a, b) => a.publishedAt - b.publishedAt);
  if (moves.length === 0) {
    return f.tender.bidDeadline;
  }
  const last = moves.filter((c) => given.includes(c)).pop();
  return (last ? last.newBidDeadline : moves[0].previousBidDeadline) ?? f.tender.bidDeadline;
}

/**
 * What the opening made public (开标记录): how many bids were in force, who bid, each bid as read out.
 * Core fields numberOfTenderers and tenderers; the per-bid detail and statistics use the bid extension.
 */
function biddingOf(f: TenderFacts): Json {
  const opening = f.opening;
  if (!opening) {
    return {};
  }
  const shaOf = new Map(opening.commitments.map((c) => [c.bidId, c.sha256]));
  const tenderers = unique(opening.bids.map((b) => bidderRef(b.bidderOrganization)));
  const valid = opening.bids.filter((b) => b.status === 'valid');
  const prices = valid.map(priceFen).filter((p): p is number => p !== null);
  const stat = (measure: string, value: number, currency?: 'CNY') => ({ id: measure, measure, value, ...(currency ? { currency } : {}) });
  return {
    numberOfTenderers: opening.commitments.length,
    tenderers,
    bids: {
      statistics: [
        stat('bids', opening.commitments.length),
        stat('electronicBids', opening.commitments.length),
        stat('validBids', valid.length),
        stat('disqualifiedBids', opening.bids.length - valid.length),
        ...(prices.length > 0 ? [stat('lowestValidBidValue', Math.min(...prices) / 100, 'CNY'), stat('highestValidBidValue', Math.max(...prices) / 100, 'CNY')] : []),
      ],
      details: opening.bids.map((b) => {
        const fen = priceFen(b);
        return {
          id: shaOf.get(b.bidId) ?? b.bidId,
          date: fromMs(b.decryptedAt),
          status: b.status === 'valid' ? 'valid' : 'disqualified',
          tenderers: [bidderRef(b.bidderOrganization)],
          ...(fen === null ? {} : { value: valueOf(fen) }),
        };
      }),
    },
  };
}

/** The price read out (唱标) in fen, or null when the bid has none (an invalid bid). */
function priceFen(b: { items: Record<string, unknown> | null }): number | null {
  const price = b.items?.price;
  return typeof price === 'string' && /^\d{1,13}(\.\d{1,2})?$/.test(price) ? yuanToFen(price) : null;
}

function unique(refs: PartyRef[]): PartyRef[] {
  return [...new Map(refs.map((r) => [r.id, r])).values()];
}

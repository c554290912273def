import { fenToYuan, fromMs } from '../db/convert';
import type { TenderFacts } from './facts';
import { bidderRef, type PartyRef } from './parties';
import { has, type Stage } from './stages';
import { valueOf } from './tender-section';

type Json = Record<string, unknown>;

/**
 * The one award of a tender (a lot is awarded whole): `pending` from the candidate publicity
 * (中标候选人公示, the proposed award during its standstill period) with the first candidate as
 * supplier, `active` once the agency awards (定标) — possibly another candidate, with its reason —
 * `cancelled` when the tender is cancelled before the award. With the award comes the contract
 * stage: the contract the 中标通知书 calls for, `pending` (it is signed off the platform within 30
 * days, 招标投标法 art. 46), at the awarded price (see docs/api-contracts.md "OCDS").
 */
export function awardsSection(f: TenderFacts, scope: Stage[], base: string): { awards: Json[]; contracts: Json[]; suppliers: PartyRef[] } | null {
  const p = f.publicity;
  if (!p || !has(scope, 'publicity')) {
    return null;
  }
  const a = has(scope, 'award') ? f.award : null;
  const first = [...p.candidates].sort((x, y) => x.rank - y.rank)[0];
  const chosen = a ? { organization: a.bidderOrganization, priceFen: a.priceFen } : first ? { organization: first.bidderOrganization, priceFen: first.priceFen } : null;
  const suppliers = chosen ? [bidderRef(chosen.organization)] : [];
  const candidates = [...p.candidates]
    .sort((x, y) => x.rank - y.rank)
    .map((c) => `第${c.rank}名 ${c.bidderOrganization ?? '—'}（投标报价 ${fenToYuan(c.priceFen)} 元）`)
    .join('；');
  const award: Json = {
    id: `${f.tender.id}-award`,
    title: a ? '中标结果' : '中标候选人公示',
    description: a
      ? `定标：第${a.rank}名中标候选人中标${a.reason ? `，理由：${a.reason}` : ''}。中标候选人：${candidates}`
      : `中标候选人：${candidates}。公示期至 ${fromMs(p.endsAt)}`,
    status: a ? 'active' : has(scope, 'cancellation') ? 'cancelled' : 'pending',
    date: fromMs(a ? a.awardedAt : p.publishedAt),
    ...(chosen ? { value: valueOf(chosen.priceFen) } : {}),
    suppliers,
    documents: f.records
      .filter((r) => r.audience === 'public' && r.kind === 'candidate_publicity' && r.sha256 !== null)
      .map((r) => ({
        id: `record-${r.id}`,
        documentType: 'awardNotice',
        title: r.title,
        description: `已签名的记录（PDF），SHA-256 ${r.sha256}`,
        url: `${base}/api/records/${r.id}/pdf`,
        datePublished: fromMs(r.issuedAt ?? r.createdAt),
        format: 'application/pdf',
        language: 'zh',
      })),
  };
  const contracts = a
    ? [{
        id: `${f.tender.id}-contract`,
        awardID: award.id,
        title: '中标合同',
        description: `招标人与中标人 ${a.bidderOrganization ?? '—'} 应自中标通知书发出之日起三十日内按招标文件和中标人的投标文件订立书面合同（招标投标法第四十六条）；合同在平台外订立。`,
        status: 'pending',
        value: valueOf(a.priceFen),
      }]
    : [];
  return { awards: [award], contracts, suppliers };
}

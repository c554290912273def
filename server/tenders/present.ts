import { presentTenderTrail, type AuditEvent } from '../audit';
import { fenToYuan, fromMs, fromMsOrNull } from '../db/convert';
import type { Tender } from './store';

/** A tender as the API shows it (DESIGN §9): an explicit allow-list. */
export function presentTender(t: Tender) {
  return {
    id: t.id,
    status: t.status,
    title: t.title,
    code: t.code,
    projectCode: t.projectCode,
    description: t.description,
    category: t.category,
    procurementMethod: t.procurementMethod,
    budget: fenToYuan(t.budgetFen),
    currency: t.currency,
    registrationDeadline: fromMs(t.registrationDeadline),
    bidDeadline: fromMs(t.bidDeadline),
    openingMode: t.openingMode,
    decryptionWindowMinutes: t.decryptionWindowMinutes,
    undecryptedBids: t.undecryptedBids,
    evaluationMethod: t.evaluationMethod,
    criteria: t.criteria,
    openingItems: t.openingItems,
    complianceItems: t.complianceItems,
    documentsPublic: t.documentsPublic,
    agency: { organizationName: t.ownerOrganizationName },
    ruleSet: t.ruleSet,
    publishedAt: fromMsOrNull(t.publishedAt),
    cancelledAt: fromMsOrNull(t.cancelledAt),
    cancelReason: t.cancelReason,
    failedAt: fromMsOrNull(t.failedAt),
    failureReason: t.failureReason,
    createdAt: fromMs(t.createdAt),
    updatedAt: fromMs(t.updatedAt),
  };
}

/** Audit events for a reader (sealed ones already left out unless it may see them): server/audit's per-tender view. */
export function presentAudit(events: AuditEvent[]) {
  return presentTenderTrail(events);
}

export { createTenderService, type TenderService, type PublishHook } from './service';
export { tendersRouter } from './routes';
export { presentTender } from './present';
export { isOwner, isPastOpening, canView } from './policy';
export { ruleSet, inFlightGraceMs, confirmationWindowMs, decryptionWindowMs, checkAmendment, earliestDeadlineAfterAmendment, publicityEnd, MIN_VALID_BIDS, LEGAL_DAYS, type RuleSet } from './rules';
export { listDueForOpening, nextBidDeadline, markOpeningIfDue, findTender, updateTender, type Tender } from './store';
export * from './schema';
export { createDocumentService, type DocumentService, type IsRegistered } from './documents-service';
export { documentsRouter } from './documents-routes';

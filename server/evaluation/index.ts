export { createExpertService, type ExpertService } from './experts-service';
export { expertsRouter } from './experts-routes';
export type { Expert } from './experts-store';
export { createCommitteeService, listCommitteeMembers, isCommitteeMember, type CommitteeService, type CommitteeView, type CommitteeMember } from './committee-service';
export { committeeRouter } from './committee-routes';
export { drawCommittee, drawOrder, drawKey, type Draw, type DrawInput, type DrawExpert, type DrawConflict, type Exclusion } from './drawing';
export { minimumCommitteeSize, checkCommitteeSize } from './committee-policy';
export { createEvaluationService, evaluationBids, type EvaluationService } from './session';
export { evaluationRouter } from './session-routes';
export { evaluationNamespace } from './session-socket';
export type { RankedBid, EvaluationResult, EvaluationStage } from './session-store';
export { createBidDocuments, type BidDocumentsService } from './bid-documents';
export { ExpertParams, PutExpertBody, ExpertResponse, ExpertListResponse } from './experts-schema';
export { DrawCommitteeBody, CommitteeResponse, FullCommitteeResponse, CommitteeViewResponse } from './committee-schema';
export { MemberParams, BidParams, BidDocumentParams, FlagParams, ChairVoteBody, ComplianceBody, ScoresBody, ReasonBody, ResolveFlagBody, SignBody } from './session-schema';
export {
  EvaluationViewResponse, EvaluationReportResponse, ChairVoteResponse, ComplianceEntriesResponse, ScoreEntriesResponse, SubmittedResponse, SignedResponse, BidDocumentListResponse,
  RankedBidResponse, AggregateResponse, FlagResponse,
} from './session-schema';

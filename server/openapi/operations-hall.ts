import { AwardBody, AwardResponse, PublicityObjectionEnvelopeResponse, PublicityObjectionParams, PublicityResponse, PublicityTextBody } from '../awards';
import {
  BidDocumentListResponse, BidDocumentParams, BidParams, ChairVoteBody, ChairVoteResponse, CommitteeViewResponse, ComplianceBody, ComplianceEntriesResponse, DrawCommitteeBody,
  EvaluationReportResponse, EvaluationViewResponse, ExpertListResponse, ExpertParams, ExpertResponse, FlagParams, FullCommitteeResponse, MemberParams, PutExpertBody, ReasonBody,
  ResolveFlagBody, ScoreEntriesResponse, ScoresBody, SignBody, SignedResponse, SubmittedResponse,
} from '../evaluation';
import {
  CommitmentListResponse, ConfirmResponse, DecryptBody, DecryptResponse, EnvelopeResponse, ObjectionEnvelopeResponse, ObjectionParams, OpeningSnapshotResponse, PauseBody, PauseResponse,
  ResumeResponse, SignInResponse, TextBody,
} from '../opening';
import { EmbedSignatureBody, PreparationResponse, RecordListResponse, RecordParams, RecordResponse, RecordVerificationResponse, SigningStatusResponse } from '../records';
import { TenderParams } from '../tenders';
import { binary, type RouteDoc } from './registry';

const OPENING_STATE = '; its live side is the socket.io namespace /opening';
const COMMITTEE = ['evaluator'] as const;

/** The opening hall, the expert pool and committee, the evaluation, the award and the records. */
export const HALL_OPERATIONS: readonly RouteDoc[] = [
  {
    method: 'get', path: '/tenders/{tenderId}/commitments', tag: 'opening', access: 'optional', params: TenderParams,
    summary: 'The SHA-256 of every sealed bid in force, fixed before decryption',
    ok: { status: 200, description: '`{tenderId, sealedAt, commitments: [{sha256, size}]}` in sha256 order; 404 before sealing', schema: CommitmentListResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/opening', tag: 'opening', access: 'optional', params: TenderParams,
    summary: `The opening hall's snapshot: stage, countdowns, bids as revealed (唱标), confirmations, objections${OPENING_STATE}`,
    ok: { status: 200, description: 'The snapshot, the same for every viewer except `me` (the socket `join` ack adds its `seq`)', schema: OpeningSnapshotResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/sign-in', tag: 'opening', access: ['bidder'], params: TenderParams,
    summary: 'Sign in to the opening (签到)',
    ok: { status: 200, description: '`{signedInAt}`', schema: SignInResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/opening/envelope', tag: 'opening', access: ['bidder'], params: TenderParams,
    summary: 'Remote opening (不见面开标): the wrapped content keys of the bidder’s own bid',
    ok: { status: 200, description: 'The bidder’s recipient infos, to unwrap with its private key', schema: EnvelopeResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/decrypt', tag: 'opening', access: ['bidder'], params: TenderParams, body: DecryptBody,
    summary: 'Remote opening: hand over the unwrapped content key within the decryption window (解密)',
    ok: { status: 200, description: '`{bid: {status, reason, items, decryptedBy}}`', schema: DecryptResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/confirm', tag: 'opening', access: ['bidder'], params: TenderParams,
    summary: 'Confirm the bidder’s own line of the opening record (确认)',
    ok: { status: 200, description: '`{confirmedAt}`', schema: ConfirmResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/objections', tag: 'opening', access: ['bidder'], params: TenderParams, body: TextBody,
    summary: 'Object during the objection window (异议)',
    ok: { status: 201, description: '`{objection}`', schema: ObjectionEnvelopeResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/objections/{objectionId}/answer', tag: 'opening', access: ['agency'], params: ObjectionParams, body: TextBody,
    summary: 'Answer an objection in the session (owner agency)',
    ok: { status: 200, description: '`{objection}`', schema: ObjectionEnvelopeResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/pause', tag: 'opening', access: ['agency'], params: TenderParams, body: PauseBody,
    summary: 'Pause the hall with a reason; the remaining time is kept',
    ok: { status: 200, description: '`{pausedAt, pauseReason}`', schema: PauseResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/opening/resume', tag: 'opening', access: ['agency'], params: TenderParams,
    summary: 'Resume the hall',
    ok: { status: 200, description: '`{decryptionEndsAt, confirmationEndsAt}`', schema: ResumeResponse },
  },
  {
    method: 'get', path: '/admin/experts', tag: 'evaluation', access: ['admin'],
    summary: 'The expert pool (专家库)',
    ok: { status: 200, description: '`{items: [expert]}`: every evaluator account', schema: ExpertListResponse },
  },
  {
    method: 'put', path: '/admin/experts/{userId}', tag: 'evaluation', access: ['admin'], params: ExpertParams, body: PutExpertBody,
    summary: 'Set an evaluator’s specialties and availability',
    ok: { status: 200, description: 'The expert', schema: ExpertResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/committee', tag: 'evaluation', access: ['agency'], params: TenderParams, body: DrawCommitteeBody,
    summary: 'Draw the evaluation committee (专家抽取): random, 回避, audited seed',
    ok: { status: 201, description: 'The committee with its seed and reserves', schema: FullCommitteeResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/committee', tag: 'evaluation', access: 'optional', params: TenderParams,
    summary: 'The committee (members’ names to the owner, members and supervisors)',
    ok: { status: 200, description: 'The committee; the seed and reserves only to the owner agency, supervisors and admins', schema: CommitteeViewResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/evaluation', tag: 'evaluation', access: 'signed-in', params: TenderParams,
    summary: 'The evaluation session as the caller may see it (committee; agency and supervisors watch)',
    ok: { status: 200, description: 'The session view; its live side is the socket.io namespace /evaluation, whose `join` ack is this body with its `seq`', schema: EvaluationViewResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/evaluation/report', tag: 'evaluation', access: 'signed-in', params: TenderParams,
    summary: 'The evaluation report’s data (评标报告)',
    ok: { status: 200, description: 'The report with the signatures so far; 404 before the chair finalizes', schema: EvaluationReportResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/evaluation/bids/{bid}/documents', tag: 'evaluation', access: ['evaluator', 'supervisor'], params: BidParams,
    summary: 'The decrypted documents of a valid bid (every read audited)',
    ok: { status: 200, description: '`{items: [{name, size, sha256}]}`', schema: BidDocumentListResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/evaluation/bids/{bid}/documents/{name}', tag: 'evaluation', access: ['evaluator', 'supervisor'], params: BidDocumentParams,
    summary: 'One decrypted bid document (audited)',
    ok: { status: 200, description: 'The file, as an attachment', contentType: 'application/octet-stream' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/chair', tag: 'evaluation', access: COMMITTEE, params: TenderParams, body: ChairVoteBody,
    summary: 'Vote for the committee chair (推选组长)',
    ok: { status: 200, description: '`{chairId}`: the chair once elected, else null', schema: ChairVoteResponse },
  },
  {
    method: 'put', path: '/tenders/{tenderId}/evaluation/compliance', tag: 'evaluation', access: COMMITTEE, params: TenderParams, body: ComplianceBody,
    summary: 'Save compliance verdicts (符合性审查): pass or fail per bid and item',
    ok: { status: 200, description: '`{entries}`: the member’s verdicts so far', schema: ComplianceEntriesResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/compliance/submit', tag: 'evaluation', access: COMMITTEE, params: TenderParams,
    summary: 'Submit the member’s compliance review',
    ok: { status: 200, description: '`{submittedAt}`', schema: SubmittedResponse },
  },
  {
    method: 'put', path: '/tenders/{tenderId}/evaluation/scores', tag: 'evaluation', access: COMMITTEE, params: TenderParams, body: ScoresBody,
    summary: 'Save scores per bid and criterion (评分)',
    ok: { status: 200, description: '`{entries}`: the member’s scores so far', schema: ScoreEntriesResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/scores/submit', tag: 'evaluation', access: COMMITTEE, params: TenderParams,
    summary: 'Submit the member’s scores',
    ok: { status: 200, description: '`{submittedAt}`', schema: SubmittedResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/scores/{memberId}/return', tag: 'evaluation', access: COMMITTEE, params: MemberParams, body: ReasonBody,
    summary: 'Chair: return a member’s scores for review with a reason',
    ok: { status: 204, description: 'Returned' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/flags/{flagId}/resolve', tag: 'evaluation', access: COMMITTEE, params: FlagParams, body: ResolveFlagBody,
    summary: 'Chair: resolve a deviation flag (keep or return)',
    ok: { status: 204, description: 'Resolved' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/finalize', tag: 'evaluation', access: COMMITTEE, params: TenderParams,
    summary: 'Chair: close scoring; ranking and candidates are computed',
    ok: { status: 204, description: 'Finalized' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/reject-all', tag: 'evaluation', access: COMMITTEE, params: TenderParams, body: ReasonBody,
    summary: 'Chair: reject all bids (否决所有投标) with a reason; the tender fails',
    ok: { status: 204, description: 'Rejected' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/evaluation/sign', tag: 'evaluation', access: COMMITTEE, params: TenderParams, body: SignBody,
    summary: 'Sign the evaluation report, agreeing or with a dissent (签字)',
    ok: { status: 200, description: '`{signedAt}`', schema: SignedResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/candidates/publish', tag: 'awards', access: ['agency'], params: TenderParams,
    summary: 'Publish the candidates (中标候选人公示, ≥ 3 days)',
    ok: { status: 200, description: 'The publicity', schema: PublicityResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/candidates', tag: 'awards', access: 'optional', params: TenderParams,
    summary: 'The candidate publicity and its objections',
    ok: { status: 200, description: 'The publicity; objectors named only to the owner agency, supervisors and admins', schema: PublicityResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/candidates/objections', tag: 'awards', access: ['bidder'], params: TenderParams, body: PublicityTextBody,
    summary: 'Object during the publicity (异议)',
    ok: { status: 201, description: '`{objection}`', schema: PublicityObjectionEnvelopeResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/candidates/objections/{objectionId}/answer', tag: 'awards', access: ['agency'], params: PublicityObjectionParams, body: PublicityTextBody,
    summary: 'Answer a publicity objection (owner agency)',
    ok: { status: 200, description: '`{objection}`', schema: PublicityObjectionEnvelopeResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/award', tag: 'awards', access: ['agency'], params: TenderParams, body: AwardBody,
    summary: 'Award (定标): the first candidate, another only with a reason',
    ok: { status: 200, description: 'The award', schema: AwardResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/award', tag: 'awards', access: 'optional', params: TenderParams,
    summary: 'The award (中标结果)',
    ok: { status: 200, description: 'The award', schema: AwardResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/records', tag: 'records', access: 'optional', params: TenderParams,
    summary: 'The tender’s signed records with their SHA-256 (public ones to anyone)',
    ok: { status: 200, description: 'The records this viewer may read', schema: RecordListResponse },
  },
  {
    method: 'get', path: '/records/{recordId}/pdf', tag: 'records', access: 'optional', params: RecordParams,
    summary: 'A signed record PDF',
    ok: { status: 200, description: 'The signed PDF, as an attachment', contentType: 'application/pdf' },
  },
  {
    method: 'get', path: '/records/{recordId}/signatures', tag: 'records', access: ['evaluator'], params: RecordParams,
    summary: 'Who signs the evaluation report (评标报告) in turn, who has, and whether the caller may now (committee members)',
    ok: { status: 200, description: 'The report’s signers and whether the caller may sign now', schema: SigningStatusResponse },
  },
  {
    method: 'post', path: '/records/{recordId}/signatures/prepare', tag: 'records', access: ['evaluator'], params: RecordParams,
    summary: 'Prepare a member’s signature: an empty signature field appended to the current revision',
    ok: { status: 201, description: 'What the member signs: the digest of the byte range and the signed attributes (base64 DER SET)', schema: PreparationResponse },
  },
  {
    method: 'post', path: '/records/{recordId}/signatures', tag: 'records', access: ['evaluator'], params: RecordParams, body: EmbedSignatureBody, errors: [409],
    summary: 'Embed a member’s detached CMS signature (made with the member’s own key) over its preparation',
    ok: { status: 201, description: 'The record with its signers', schema: RecordResponse },
  },
  {
    method: 'post', path: '/records/verify', tag: 'records', access: 'public', errors: [413, 429],
    body: { contentTypes: ['application/pdf'], description: 'The PDF itself (at most 50 MB); 20 per address per minute (VERIFY_RATE_LIMIT)', schema: binary() },
    summary: 'Verify any PDF: its signatures, whether it is a record the platform issued with only allowed signatures added, and which',
    ok: { status: 200, description: 'The verification: signatures, integrity, reason codes, the record it is (when valid)', schema: RecordVerificationResponse },
  },
];

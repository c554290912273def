import { TenderAuditResponse } from '../audit';
import type { z } from 'zod';
import { OwnBidStatusResponse, ReceiptVerdictResponse, SEALED_BID_MEDIA_TYPES, SignedReceiptResponse, VerifyReceiptBody, WithdrawnBidResponse } from '../bids';
import { AskQuestionBody, ClarificationCreatedResponse, ClarificationListResponse, PublishClarificationBody, QuestionCreatedResponse, QuestionListResponse } from '../clarifications';
import { OwnRegistrationListResponse, OwnRegistrationResponse, RegistrationCreatedResponse } from '../registration';
import {
  CancelTenderBody,
  CreateTenderBody,
  DocumentListResponse,
  DocumentParams,
  DocumentUploadResponse,
  ListTendersQuery,
  TenderListResponse,
  TenderParams,
  TenderResponse,
  UpdateTenderBody,
  UploadDocumentFields,
} from '../tenders';
import { binary, toJsonSchema, type JsonSchema, type RouteDoc } from './registry';

/** Tenders, their documents, registration, questions and clarifications, sealed bids. */
export const TENDER_OPERATIONS: readonly RouteDoc[] = [
  {
    method: 'get', path: '/tenders', tag: 'tenders', access: 'optional', query: ListTendersQuery,
    summary: 'Published tenders, filtered (`mine=1`: an agency’s own, drafts included)',
    ok: { status: 200, description: '`{items: [tender], total, page, pageSize}`', schema: TenderListResponse },
  },
  {
    method: 'post', path: '/tenders', tag: 'tenders', access: ['agency'], body: CreateTenderBody,
    summary: 'Create a draft tender',
    ok: { status: 201, description: 'The tender (DESIGN §9)', schema: TenderResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}', tag: 'tenders', access: 'optional', params: TenderParams,
    summary: 'A tender with its schedule, criteria, opening items and status (drafts: their owner only)',
    ok: { status: 200, description: 'The tender', schema: TenderResponse },
  },
  {
    method: 'patch', path: '/tenders/{tenderId}', tag: 'tenders', access: ['agency'], params: TenderParams, body: UpdateTenderBody,
    summary: 'Edit a draft (owner agency)',
    ok: { status: 200, description: 'The tender', schema: TenderResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/publish', tag: 'tenders', access: ['agency'], params: TenderParams,
    summary: 'Publish (发布招标公告): checked against the rule set; the opening key is made',
    ok: { status: 200, description: 'The published tender: status `published`, `ruleSet` and `publishedAt` set', schema: TenderResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/cancel', tag: 'tenders', access: ['agency'], params: TenderParams, body: CancelTenderBody,
    summary: 'Cancel with a reason (before the award)',
    ok: { status: 200, description: 'The cancelled tender: status `cancelled`, `cancelledAt` and `cancelReason` set', schema: TenderResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/audit', tag: 'audit', access: ['supervisor', 'admin', 'agency'], params: TenderParams,
    summary: 'The tender’s audit trail (sealed events hidden from the owner agency and admins until the opening)',
    ok: { status: 200, description: '`{items: [{seq, at, actorId, actorRole, action, visibility, payload}], sealedHidden}`; `seq` numbers the events this reader sees', schema: TenderAuditResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/documents', tag: 'documents', access: ['agency'], params: TenderParams, errors: [413],
    body: {
      contentTypes: ['multipart/form-data'],
      description: 'One `file` part (streamed) and the optional text fields of UploadDocumentFields',
      schema: multipart(UploadDocumentFields),
    },
    summary: 'Upload a tender document (招标文件), or a new version of one',
    ok: { status: 201, description: '`{document: {id, name, version, sha256, size, contentType, uploadedAt, replacesId, current}}`', schema: DocumentUploadResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/documents', tag: 'documents', access: 'optional', params: TenderParams,
    summary: 'Every version of the tender’s documents (owner, supervisors, admins, registered bidders; everyone when public)',
    ok: { status: 200, description: '`{items: [document]}`', schema: DocumentListResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/documents/{docId}', tag: 'documents', access: 'optional', params: DocumentParams,
    summary: 'Download a document (same visibility as the list)',
    ok: { status: 200, description: 'The file as uploaded, as an attachment', contentType: 'application/octet-stream' },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/registrations', tag: 'registration', access: ['bidder'], params: TenderParams,
    summary: 'Register for the tender (获取招标文件): immediate, no approval',
    ok: { status: 201, description: '`{registration: {tenderId, registeredAt}}`', schema: RegistrationCreatedResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/registration', tag: 'registration', access: ['bidder'], params: TenderParams,
    summary: 'The bidder’s own registration for the tender',
    ok: { status: 200, description: '`{registration: registration | null}`', schema: OwnRegistrationResponse },
  },
  {
    method: 'get', path: '/me/registrations', tag: 'registration', access: ['bidder'],
    summary: 'The tenders the bidder registered for',
    ok: { status: 200, description: '`{items: [{tenderId, registeredAt, tender}]}`', schema: OwnRegistrationListResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/questions', tag: 'clarifications', access: ['bidder'], params: TenderParams, body: AskQuestionBody,
    summary: 'Ask a question (答疑); the asker stays anonymous to others',
    ok: { status: 201, description: '`{question: {id, text, askedAt, answeredBy}}`', schema: QuestionCreatedResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/questions', tag: 'clarifications', access: 'signed-in', params: TenderParams,
    summary: 'Questions: the owner agency all (anonymous), a bidder its own, supervisors all with the asker',
    ok: { status: 200, description: '`{items: [question]}`; supervisors: each question with `askedBy: {userId, organizationId, organizationName}`', schema: QuestionListResponse },
  },
  {
    method: 'post', path: '/tenders/{tenderId}/clarifications', tag: 'clarifications', access: ['agency'], params: TenderParams, body: PublishClarificationBody,
    summary: 'Publish a clarification or amendment (澄清/修改); may move the bid deadline',
    ok: { status: 201, description: '`{clarification}`', schema: ClarificationCreatedResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/clarifications', tag: 'clarifications', access: 'optional', params: TenderParams,
    summary: 'The tender’s clarifications',
    ok: { status: 200, description: '`{items: [clarification]}`', schema: ClarificationListResponse },
  },
  {
    method: 'put', path: '/tenders/{tenderId}/bid', tag: 'bids', access: ['bidder'], params: TenderParams, errors: [413, 415],
    body: {
      contentTypes: SEALED_BID_MEDIA_TYPES,
      description: 'The sealed bid (投标文件): CMS AuthEnvelopedData over SignedData, DER (DESIGN §5), streamed; a later one replaces the earlier',
      schema: binary(),
    },
    summary: 'Submit or replace the sealed bid before the deadline',
    ok: { status: 201, description: 'The signed receipt (回执) `{receipt, signature, checkpoint}`; `checkpoint`, the latest signed audit checkpoint, is beside the receipt, not signed with it', schema: SignedReceiptResponse },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/bid', tag: 'bids', access: ['bidder'], params: TenderParams,
    summary: 'The bidder’s own bid status and receipt',
    ok: { status: 200, description: '`{bid: {bidId, version, status, sha256, size, receivedAt, withdrawnAt, receipt, signature, receiptRecordId}, checkpoint} | {bid: null}`', schema: OwnBidStatusResponse },
  },
  {
    method: 'delete', path: '/tenders/{tenderId}/bid', tag: 'bids', access: ['bidder'], params: TenderParams,
    summary: 'Withdraw the bid (撤回) before the deadline',
    ok: { status: 200, description: '`{bid}` with status withdrawn', schema: WithdrawnBidResponse },
  },
  {
    method: 'post', path: '/receipts/verify', tag: 'bids', access: 'public', body: VerifyReceiptBody,
    summary: 'Verify a receipt and its platform signature',
    ok: { status: 200, description: '`{valid: true, receipt} | {valid: false, reason}`: a changed receipt is a verdict, not an error', schema: ReceiptVerdictResponse },
  },
];

/** multipart/form-data: a binary `file` part beside the zod-described text fields. */
function multipart(fields: z.ZodObject): JsonSchema {
  const json = toJsonSchema(fields) as { properties?: object; required?: string[] };
  return { type: 'object', properties: { file: binary(), ...json.properties }, required: ['file', ...(json.required ?? [])] };
}

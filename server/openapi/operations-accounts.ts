import { AuditVerifyResponse, CheckpointListQuery, CheckpointListResponse, CheckpointParams, CheckpointResponse, VerifyAuditBody } from '../audit';
import {
  CreateUserBody, ListUsersQuery, LoginBody, LoginResponse, MeResponse, MemberEnvelopeResponse, OrganizationMembersResponse, RegisterBody,
  UpdateUserBody, UserEnvelopeResponse, UserListResponse, UserParams,
} from '../auth';
import { NotificationListResponse, NotificationParams } from '../notifications';
import { HealthResponse } from '../health';
import { CaResponse, CertificateListResponse, CertificateParams, CertificateResponse, EnrollBody, ImportBody, RevokeBody, RootParams, TrustedRootBody, TrustedRootResponse } from '../pki';
import { TenderParams } from '../tenders';
import type { RouteDoc } from './registry';
import { OpenApiDocumentResponse } from './schema';

/** System, accounts, notifications, certificates and the audit chain. */
export const ACCOUNT_OPERATIONS: readonly RouteDoc[] = [
  {
    method: 'get', path: '/health', tag: 'system', access: 'public',
    summary: 'Health: the server, its database and (when configured) Redis answer',
    ok: { status: 200, description: '`{status: "ok", db: "sqlite"|"mysql", time, checks: {db: {dialect, ok, latencyMs}, redis: {configured, ok, latencyMs}}}`', schema: HealthResponse },
    also: [{ status: 503, description: 'A dependency did not answer: the same body, `status` `down` (database) or `degraded` (Redis)', schema: HealthResponse }],
    description: 'Each dependency gets 1.5 s. When one does not answer: 503 with the same body, `status` `down` (database) or `degraded` (Redis), and the failed check with `ok: false` and `error` (`timeout` | `unavailable`).',
  },
  {
    method: 'get', path: '/openapi.json', tag: 'system', access: 'public',
    summary: 'This OpenAPI 3.1 document',
    ok: { status: 200, description: 'The OpenAPI document, generated from the zod schemas of the routes', schema: OpenApiDocumentResponse },
  },
  {
    method: 'get', path: '/docs', tag: 'system', access: 'public',
    summary: 'API docs page (Swagger UI over /api/openapi.json)',
    ok: { status: 200, description: 'An HTML page; its assets are under /api/docs/assets/', contentType: 'text/html' },
  },
  {
    method: 'post', path: '/auth/register', tag: 'accounts', access: 'public', body: RegisterBody, errors: [409, 429],
    summary: 'Bidder self-registration with organization and 统一社会信用代码 (投标人注册)',
    ok: { status: 201, description: '`{user}`: `status` `active` for a new organization (this account is its administrator), `pending` for an existing one until its administrator or the trading center approves', schema: UserEnvelopeResponse },
    description: 'Names are normalized (NFKC, trimmed, whitespace collapsed) and refused with control or bidirectional characters; organization and display names hold at most 64 characters (X.520, the certificate’s limits); organization names and credit codes are each unique. A taken username is not confirmed: the answer looks like a fresh account’s, nothing is stored, and signing in with it fails like a wrong password.',
  },
  {
    method: 'post', path: '/auth/login', tag: 'accounts', access: 'public', body: LoginBody, errors: [401, 423, 429],
    summary: 'Sign in (登录): failures are slowed, then locked, per (username, address)',
    ok: { status: 200, description: '`{token, expiresAt, user}`; send the token as `Authorization: Bearer <token>`', schema: LoginResponse },
    description: 'Wrong passwords slow and then lock the username only from the address that sent them; the owner signs in from another address. A pending account answers 403 `ACCOUNT_PENDING`, a disabled one 403 `ACCOUNT_DISABLED`.',
  },
  {
    method: 'post', path: '/auth/logout', tag: 'accounts', access: 'signed-in',
    summary: 'Sign out (退出登录): the token is refused from now on',
    ok: { status: 204, description: 'Signed out' },
  },
  {
    method: 'get', path: '/org/members', tag: 'accounts', access: 'signed-in',
    summary: 'The accounts of the caller’s organization (its administrator, i.e. its first account, only)',
    ok: { status: 200, description: '`{organization: {id, name, creditCode}, items: [{id, username, displayName, role, status, administrator, createdAt}]}`', schema: OrganizationMembersResponse },
  },
  {
    method: 'post', path: '/org/members/{userId}/approve', tag: 'accounts', access: 'signed-in', params: UserParams,
    summary: 'The organization’s administrator approves a pending member (it can then sign in and enroll a certificate)',
    ok: { status: 200, description: '`{member}`', schema: MemberEnvelopeResponse },
  },
  {
    method: 'post', path: '/org/members/{userId}/refuse', tag: 'accounts', access: 'signed-in', params: UserParams,
    summary: 'The organization’s administrator refuses a pending member (disabled)',
    ok: { status: 200, description: '`{member}`', schema: MemberEnvelopeResponse },
  },
  {
    method: 'get', path: '/me', tag: 'accounts', access: 'signed-in',
    summary: 'The signed-in account',
    ok: { status: 200, description: '`{user}`', schema: MeResponse },
  },
  {
    method: 'get', path: '/admin/users', tag: 'accounts', access: ['admin'], query: ListUsersQuery,
    summary: 'List accounts, optionally by role and status (e.g. `pending`, waiting for approval)',
    ok: { status: 200, description: '`{items: [user]}`', schema: UserListResponse },
  },
  {
    method: 'post', path: '/admin/users', tag: 'accounts', access: ['admin'], body: CreateUserBody, errors: [409],
    summary: 'Create an agency, evaluator, supervisor, admin or bidder account (active at once)',
    ok: { status: 201, description: '`{user}`', schema: UserEnvelopeResponse },
  },
  {
    method: 'patch', path: '/admin/users/{userId}', tag: 'accounts', access: ['admin'], params: UserParams, body: UpdateUserBody,
    summary: 'Disable, enable or approve (pending → `active`) an account',
    ok: { status: 200, description: '`{user}`', schema: UserEnvelopeResponse },
  },
  {
    method: 'get', path: '/me/notifications', tag: 'accounts', access: 'signed-in',
    summary: 'The signed-in user’s notices (e.g. clarifications)',
    ok: { status: 200, description: '`{items: [{id, tenderId, kind, title, createdAt, readAt}]}`, newest first; kind `clarification` | `award_notice` | `result_notice`', schema: NotificationListResponse },
  },
  {
    method: 'post', path: '/me/notifications/{notificationId}/read', tag: 'accounts', access: 'signed-in', params: NotificationParams,
    summary: 'Mark a notice read',
    ok: { status: 204, description: 'Marked' },
  },
  {
    method: 'get', path: '/ca', tag: 'certificates', access: 'public',
    summary: 'The platform CA certificate and the trusted roots',
    ok: { status: 200, description: '`{certificate: PEM, trustedRoots: [{id, name, certificate, sha256, addedAt}]}`', schema: CaResponse },
  },
  {
    method: 'post', path: '/certs', tag: 'certificates', access: 'signed-in', body: EnrollBody,
    summary: 'Enroll: a CSR in, a certificate whose subject is the account’s out (the key stays with the user)',
    ok: { status: 201, description: 'The certificate: `{id, serialNumber, subject, certificate, chain, issuedByPlatform, sha256, notBefore, notAfter, status, revokedAt, revokedReason, createdAt}`', schema: CertificateResponse },
    description: 'Only an approved (active) account is certified (403 `ACCOUNT_PENDING` otherwise); an account whose names do not fit a certificate (64 characters) gets 400 `VALIDATION`.',
  },
  {
    method: 'post', path: '/certs/import', tag: 'certificates', access: ['bidder'], body: ImportBody,
    summary: 'Register a certificate issued by another trusted CA (CA 互认)',
    ok: { status: 201, description: 'The certificate, `issuedByPlatform: false`', schema: CertificateResponse },
  },
  {
    method: 'get', path: '/certs', tag: 'certificates', access: 'signed-in',
    summary: 'The account’s certificates',
    ok: { status: 200, description: '`{items: [certificate]}`', schema: CertificateListResponse },
  },
  {
    method: 'post', path: '/certs/{certificateId}/revoke', tag: 'certificates', access: 'signed-in', params: CertificateParams, body: RevokeBody,
    summary: 'Revoke a certificate (its holder or an admin)',
    ok: { status: 200, description: 'The revoked certificate', schema: CertificateResponse },
  },
  {
    method: 'post', path: '/admin/trusted-roots', tag: 'certificates', access: ['admin'], body: TrustedRootBody, errors: [409],
    summary: 'Trust another CA’s root (CA 互认)',
    ok: { status: 201, description: 'The trusted root `{id, name, certificate, sha256, addedAt}`', schema: TrustedRootResponse },
  },
  {
    method: 'delete', path: '/admin/trusted-roots/{rootId}', tag: 'certificates', access: ['admin'], params: RootParams,
    summary: 'Stop trusting a root',
    ok: { status: 204, description: 'Removed' },
  },
  {
    method: 'get', path: '/tenders/{tenderId}/opening-certificate', tag: 'certificates', access: 'optional', params: TenderParams,
    summary: 'The tender’s opening certificate, to seal bids to',
    ok: { status: 200, description: 'PEM', contentType: 'application/x-pem-file' },
  },
  {
    method: 'get', path: '/audit/verify', tag: 'audit', access: ['supervisor', 'admin'],
    summary: 'Recompute the audit hash chain, check it against every signed checkpoint and name the first broken link',
    ok: { status: 200, description: '`{valid: true, size, headHash, checkpointsChecked, latestCheckpoint}` or `{valid: false, size, brokenLink, reason, checkpointsChecked}`', schema: AuditVerifyResponse },
    description: 'The chain holds no bidder’s sealed event before its tender’s deadline (they are chained at the opening), so nothing in the answer moves when a bidder registers or bids.',
  },
  {
    method: 'post', path: '/audit/verify', tag: 'audit', access: 'signed-in', body: VerifyAuditBody,
    summary: 'The chain check, also against a signed checkpoint the caller holds (e.g. from a bid receipt)',
    ok: { status: 200, description: 'As GET; `valid: false` when the checkpoint is not the platform’s or the chain’s hash at its size is not its head (a rewrite)', schema: AuditVerifyResponse },
  },
  {
    method: 'get', path: '/audit/checkpoints', tag: 'audit', access: 'public', query: CheckpointListQuery,
    summary: 'Signed checkpoints of the audit chain (size, head hash, time), newest first, with the signing certificate',
    ok: { status: 200, description: '`{items: [checkpoint], total, page, pageSize, signerCertificate}`', schema: CheckpointListResponse },
  },
  {
    method: 'get', path: '/audit/checkpoints/latest', tag: 'audit', access: 'public',
    summary: 'The latest signed checkpoint of the audit chain',
    ok: { status: 200, description: 'checkpoint `{size, headHash, time, algorithm, signature, signerSha256}`', schema: CheckpointResponse },
  },
  {
    method: 'get', path: '/audit/checkpoints/{size}', tag: 'audit', access: 'public', params: CheckpointParams,
    summary: 'The signed checkpoint at a chain size',
    ok: { status: 200, description: 'checkpoint', schema: CheckpointResponse },
  },
];

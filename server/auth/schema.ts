import { z } from 'zod';
import { EntityId, UtcTime, strict } from '../http/response-schema';
import { CleanName, MAX_CERTIFICATE_NAME } from './names';

export const Username = z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 letters, digits, _ . -');
export const Password = z.string().min(8, 'at least 8 characters').max(128);
/** 统一社会信用代码, normalized (NFKC: full-width digits and letters; trimmed; capitals) before the format check. */
export const CreditCode = z
  .string()
  .max(100)
  .transform((s) => s.normalize('NFKC').trim().toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{18}$/, '18 characters, digits and capital letters'));
/** An organization: its name goes into certificates (O, X.520 ub-organization-name 64). */
export const Organization = z.object({ name: CleanName(2, MAX_CERTIFICATE_NAME), creditCode: CreditCode }).strict();
/** A person's name: the certificate's common name (CN, ub-common-name 64). */
export const DisplayName = CleanName(1, MAX_CERTIFICATE_NAME);

export const RegisterBody = z.object({ username: Username, password: Password, displayName: DisplayName, organization: Organization }).strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const StaffRole = z.enum(['agency', 'evaluator', 'supervisor', 'admin', 'bidder']);

export const CreateUserBody = z
  .object({
    username: Username,
    password: Password,
    displayName: DisplayName,
    role: StaffRole,
    organization: Organization.optional(),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/** An admin disables, enables or approves (pending → active) an account. */
export const UpdateUserBody = z.object({ status: z.enum(['active', 'disabled']) }).strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UserParams = z.object({ userId: z.string().length(26) });
export const ListUsersQuery = z.object({ role: StaffRole.optional(), status: z.enum(['active', 'pending', 'disabled']).optional() });

// Responses (issue 12): exactly what leaves the server.

export const AccountStatus = z.enum(['active', 'pending', 'disabled']);

/** An account as the API shows it (never the password hash). */
export const UserResponse = strict({
  id: EntityId,
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  status: AccountStatus,
  organization: strict({ id: EntityId, name: z.string(), creditCode: z.string() }).nullable(),
  createdAt: UtcTime,
});

export const UserEnvelopeResponse = strict({ user: UserResponse });
export const MeResponse = strict({ user: UserResponse.nullable() });
export const UserListResponse = strict({ items: z.array(UserResponse) });
export const LoginResponse = strict({ token: z.string(), expiresAt: UtcTime, user: UserResponse });

/** A member of the caller's organization (GET /org/members). */
export const OrganizationMemberResponse = strict({
  id: EntityId,
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  status: AccountStatus,
  administrator: z.boolean(),
  createdAt: UtcTime,
});
export const OrganizationMembersResponse = strict({
  organization: strict({ id: EntityId, name: z.string(), creditCode: z.string() }),
  items: z.array(OrganizationMemberResponse),
});
export const MemberEnvelopeResponse = strict({ member: OrganizationMemberResponse });

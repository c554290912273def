export { createAuthService, type AuthService, THROTTLE } from './service';
export { createTokenService, type TokenService } from './tokens';
export { authRouter } from './routes';
export { presentUser } from './present';
export { ROLES, type Actor, type Role } from './actor';
export { isValidCreditCode, withCheckChar } from './credit-code';
export { findOrganizationsByIds, type OrganizationRecord } from './store';
export { CleanName, normalizeName, hasForbiddenCharacters, MAX_CERTIFICATE_NAME, NAME_ISSUES } from './names';
export {
  RegisterBody, LoginBody, CreateUserBody, UpdateUserBody, UserParams, ListUsersQuery, DisplayName,
  UserResponse, UserEnvelopeResponse, MeResponse, UserListResponse, LoginResponse, OrganizationMembersResponse, MemberEnvelopeResponse,
} from './schema';

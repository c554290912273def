import { z } from 'zod';

export const Username = z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 letters, digits, _ . -');
export const Password = z.string().min(8, 'at least 8 characters').max(128);
export const CreditCode = z.string().regex(/^[0-9A-Z]{18}$/, '18 characters, digits and capital letters');
export const Organization = z.object({ name: z.string().trim().min(2).max(191), creditCode: CreditCode }).strict();

export const RegisterBody = z
  .object({ username: Username, password: Password, displayName: z.string().trim().min(1).max(100), organization: Organization })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const StaffRole = z.enum(['agency', 'evaluator', 'supervisor', 'admin', 'bidder']);

export const CreateUserBody = z
  .object({
    username: Username,
    password: Password,
    displayName: z.string().trim().min(1).max(100),
    role: StaffRole,
    organization: Organization.optional(),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.object({ status: z.enum(['active', 'disabled']) }).strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UserParams = z.object({ userId: z.string().length(26) });
export const ListUsersQuery = z.object({ role: StaffRole.optional() });

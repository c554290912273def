export const ROLES = ['bidder', 'agency', 'evaluator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user as services see it; null means the public. */
export type Actor = {
  id: string;
  role: Role;
  username: string;
  displayName: string;
  organizationId: string | null;
};

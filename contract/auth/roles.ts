/**
 * The roles an account can have; who may do what with each is decided by the server's policies.
 * `community_supporter` (民生委員): visits people a warning did not reach, within their own area.
 */
export const ROLES = ['resident', 'shelter_staff', 'hq_operator', 'admin', 'community_supporter'] as const;
export type UserRole = (typeof ROLES)[number];

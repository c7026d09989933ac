/** The roles an account can have; who may do what with each is decided by the server's policies. */
export const ROLES = ['resident', 'shelter_staff', 'hq_operator', 'admin'] as const;
export type UserRole = (typeof ROLES)[number];

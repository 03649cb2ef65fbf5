import { z } from 'zod';

/**
 * originator: screens applications. analyst: models and lists. auditor: reads decisions.
 * reviewer: works the manual review queue. admin: everything, including API keys.
 */
export const roles = ['originator', 'analyst', 'auditor', 'reviewer', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export interface Caller {
  keyId: string;
  name: string;
  role: Role;
}

/** admin may do anything; otherwise the caller's role must be one the route allows. */
export function mayAccess(caller: Caller, allowed: readonly Role[]): boolean {
  return caller.role === 'admin' || allowed.includes(caller.role);
}

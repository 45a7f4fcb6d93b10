import type { Role } from '../../../domain/access.js';
import type { User } from '../../shared/session/types.js';

export type { User };

export interface ListUsersParams {
  orgId?: number | null;
  q?: string;
  role?: Role | null;
  page: number;
  pageSize: number;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  orgId: number | null;
  password?: string;
}

export interface CreateUserResult {
  user: User;
  /** Present when the server generated the password; shown once. */
  initialPassword?: string;
}

export type UpdateUserInput = Partial<{
  displayName: string;
  role: Role;
  orgId: number | null;
  disabled: boolean;
}>;

export interface ResetPasswordResult {
  password: string;
}

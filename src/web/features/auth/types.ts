import type { User } from '../../shared/session/types.js';

export type { Session } from '../../shared/session/types.js';

export interface LoginInput {
  username: string;
  password: string;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export interface ChangePasswordResult {
  user: User;
  /** Sent by the server if it rotates the session on a password change. */
  csrfToken?: string;
}

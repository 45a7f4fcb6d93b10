import type { Role } from '../../../domain/access.js';

/** An account, as the server returns it (never with secrets). */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number | null;
  orgName: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
}

import { createContext, useContext } from 'react';
import type { Permission } from '../../../domain/access.js';
import type { User } from '../../../contract/users.js';

export interface AuthState {
  /** 'loading' until the first /auth/me answer arrives. */
  status: 'loading' | 'ready';
  user: User | null;
  /** True after the user logged out on purpose (the login page then forgets where they were). */
  signedOut: boolean;
  /** Stores a fresh session (after login or a password change). */
  signIn: (user: User, csrfToken?: string) => void;
  /** Replaces the current user (e.g. after a password change). */
  setUser: (user: User) => void;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the login guard. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}

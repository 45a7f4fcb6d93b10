import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { can as roleCan, type Permission } from '../../../../domain/access.js';
import { setApiEventHandlers, setCsrfToken } from '../../../lib/api-client.js';
import type { User } from '../../../../contract/users.js';
import { getMe } from '../api/get-me.js';
import { logout } from '../api/logout.js';
import { AuthContext, type AuthState } from '../auth-context.js';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthState['status']>('loading');
  const [user, setUserState] = useState<User | null>(null);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    setApiEventHandlers({
      onUnauthenticated: () => {
        setCsrfToken(null);
        setUserState(null);
      },
      onPasswordChangeRequired: () => setUserState((u) => (u ? { ...u, mustChangePassword: true } : u)),
    });
    const controller = new AbortController();
    getMe(controller.signal).then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setUserState(session.user);
        setStatus('ready');
      },
      () => {
        if (controller.signal.aborted) return;
        setUserState(null);
        setStatus('ready');
      },
    );
    return () => {
      controller.abort();
      setApiEventHandlers({});
    };
  }, []);

  const signIn = useCallback((next: User, csrfToken?: string) => {
    if (csrfToken !== undefined) setCsrfToken(csrfToken);
    setSignedOut(false);
    setUserState(next);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setCsrfToken(null);
      setSignedOut(true);
      setUserState(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      signedOut,
      signIn,
      setUser: setUserState,
      signOut,
      can: (permission: Permission) => (user ? roleCan(user.role, permission) : false),
    }),
    [status, user, signedOut, signIn, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

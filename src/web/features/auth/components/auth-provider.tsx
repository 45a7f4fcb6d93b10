import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { can as roleCan, type Permission } from '../../../../domain/access.js';
import { setApiEventHandlers, setCsrfToken } from '../../../shared/api-client.js';
import { inboxKeys } from '../../../shared/query-keys.js';
import type { User } from '../../../../contract/users.js';
import { getMe } from '../../../shared/session/get-me.js';
import { logout } from '../api/logout.js';
import { AuthContext, type AuthState } from '../../../shared/session/auth-context.js';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthState['status']>('loading');
  const [user, setUserState] = useState<User | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  // Another account must not see what the previous one loaded, even for a moment.
  const queryClient = useQueryClient();

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
        // The header's badge comes with the session: the first page asks nothing more for it.
        if (session.inboxCount !== undefined)
          queryClient.setQueryData(inboxKeys.count(), { count: session.inboxCount });
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
  }, [queryClient]);

  const signIn = useCallback(
    (next: User, csrfToken?: string) => {
      if (csrfToken !== undefined) setCsrfToken(csrfToken);
      queryClient.clear();
      setSignedOut(false);
      setUserState(next);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      setSignedOut(true);
      setUserState(null);
    }
  }, [queryClient]);

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

import type { Role, Scope } from '../../domain/access.js';

/** The signed-in user a request acts as, with the scope every query is filtered by. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number | null;
  orgPath: string | null;
  scope: Scope;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
  ip: string;
}

/** The actor for work started from the command line: whole-system reach, recorded as such in the audit log. */
export function systemActor(): Actor {
  return {
    id: 0,
    username: 'system',
    displayName: '系统（命令行）',
    role: 'admin',
    orgId: null,
    orgPath: null,
    scope: { kind: 'all' },
    mustChangePassword: false,
    sessionId: '',
    csrfToken: '',
    ip: 'cli',
  };
}

import type * as PasswordPolicy from '../../domain/password-policy.js';

/**
 * The server's password estimator, loaded on first use: its dictionaries weigh more than the rest of
 * a form, and only the two password fields need them.
 */
let policy: Promise<typeof PasswordPolicy> | null = null;

export async function passwordWeakness(password: string, username?: string): Promise<string | null> {
  policy ??= import('../../domain/password-policy.js');
  return (await policy).passwordWeakness(password, username);
}

/**
 * The password rule as shown to people. Kept apart from the estimator (password-policy.ts) so the
 * web can show it without loading the estimator's dictionaries.
 */
export const minPasswordLength = 10;
export const maxPasswordLength = 128;
export const minPasswordScore = 3;
/** Words every account's password is checked against, besides its own username. */
export const passwordContextWords = ['shuping', '述评'] as const;
/** How many of an account's latest passwords a password change may not reuse. */
export const passwordHistoryDepth = 5;

export const passwordRuleText =
  `至少 ${minPasswordLength} 个字符，不能包含用户名，且不能是常见密码、键盘序列、重复字符、` +
  `日期或其简单变形（系统按常见破解方式估算猜中难度）；不能与最近 ${passwordHistoryDepth} 次用过的密码相同。`;

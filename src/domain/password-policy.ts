export const minPasswordLength = 10;

/** Returns a Chinese reason the password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | null {
  if (password.length < minPasswordLength) return `密码至少需要 ${minPasswordLength} 个字符`;
  if (password.length > 128) return '密码不能超过 128 个字符';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少三类';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

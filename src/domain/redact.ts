// "secretary…" names a party secretary, not a secret.
const secretKey = /password|hash|token|secret(?!ary)|idcard|id_card/i;

/**
 * Copies a record for the audit log with secrets replaced, at any depth: the log is readable by
 * organizers and must never hold credentials or ID-card numbers.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // A yes/no flag such as mustChangePassword holds no secret and stays readable.
    out[key] = secretKey.test(key) && typeof inner !== 'boolean' ? '[已隐藏]' : redactSecrets(inner);
  }
  return out;
}

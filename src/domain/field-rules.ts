// Limits on user-entered fields, shared by the server's schemas and the web forms so both sides
// accept exactly the same input.

export const usernameRule = { minLength: 3, maxLength: 32, charset: 'A-Za-z0-9_.-' } as const;
export const usernamePattern = `^[${usernameRule.charset}]{${usernameRule.minLength},${usernameRule.maxLength}}$`;
export const displayNameMaxLength = 50;
export const orgNameMaxLength = 100;
export const sortOrderMax = 1_000_000;
/**
 * The days a date field may hold, the same range the Excel templates offer. Year 0 and other far
 * dates are not real records, and PostgreSQL refuses some of them outright.
 */
export const dayRange = { earliest: '1900-01-01', latest: '2099-12-31' } as const;

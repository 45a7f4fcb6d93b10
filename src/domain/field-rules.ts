// Limits on user-entered fields, shared by the server's schemas and the web forms so both sides
// accept exactly the same input.

export const usernameRule = { minLength: 3, maxLength: 32, charset: 'A-Za-z0-9_.-' } as const;
export const usernamePattern = `^[${usernameRule.charset}]{${usernameRule.minLength},${usernameRule.maxLength}}$`;
export const displayNameMaxLength = 50;
export const orgNameMaxLength = 100;
export const sortOrderMax = 1_000_000;

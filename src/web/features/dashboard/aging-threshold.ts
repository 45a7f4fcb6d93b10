export const defaultAgingThreshold = 30;

/** A percentage from 1 to 99, or the default for anything else (absent, edited by hand, garbage). */
export function parseThreshold(stored: string | null): number {
  const value = stored === null ? NaN : Number(stored);
  return Number.isInteger(value) && value >= 1 && value <= 99 ? value : defaultAgingThreshold;
}

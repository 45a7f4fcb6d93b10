import { useState } from 'react';

const storageKey = 'shuping.dashboard.agingThreshold';
export const defaultAgingThreshold = 30;

/** A percentage from 1 to 99, or the default for anything else (absent, edited by hand, garbage). */
export function parseThreshold(stored: string | null): number {
  const value = stored === null ? NaN : Number(stored);
  return Number.isInteger(value) && value >= 1 && value <= 99 ? value : defaultAgingThreshold;
}

function read(): number {
  try {
    return parseThreshold(localStorage.getItem(storageKey));
  } catch {
    // Storage can be off (private mode, policy); the default still works.
    return defaultAgingThreshold;
  }
}

/** The aging-share warning threshold in percent, remembered in this browser. */
export function useStoredThreshold(): [number, (value: number) => void] {
  const [value, setValue] = useState(read);
  function update(next: number) {
    const valid = parseThreshold(String(next));
    setValue(valid);
    try {
      localStorage.setItem(storageKey, String(valid));
    } catch {
      // Not remembered, but applied for this visit.
    }
  }
  return [value, update];
}

import { useState } from 'react';

import { defaultAgingThreshold, parseThreshold } from '../aging-threshold.js';

const storageKey = 'shuping.dashboard.agingThreshold';

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

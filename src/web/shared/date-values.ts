import dayjs, { type Dayjs } from 'dayjs';

/**
 * antd's DatePicker holds Dayjs objects while the API speaks ISO dates (YYYY-MM-DD); forms convert the
 * named fields on the way in and out with these two helpers.
 */
export function isoToDayjs<T extends object, K extends keyof T>(
  values: T,
  keys: readonly K[],
): Omit<T, K> & Record<K, Dayjs | null> {
  const out = { ...values } as Record<string, unknown>;
  for (const key of keys) {
    const value = values[key];
    out[key as string] = typeof value === 'string' && value ? dayjs(value) : null;
  }
  return out as Omit<T, K> & Record<K, Dayjs | null>;
}

export function dayjsToIso<T extends object, K extends keyof T>(
  values: T,
  keys: readonly K[],
): Omit<T, K> & Record<K, string | null> {
  const out = { ...values } as Record<string, unknown>;
  for (const key of keys) {
    const value = values[key] as Dayjs | null | undefined;
    out[key as string] = value ? value.format('YYYY-MM-DD') : null;
  }
  return out as Omit<T, K> & Record<K, string | null>;
}

/** Today as YYYY-MM-DD in the browser's calendar. */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** Days in the future cannot be picked for facts that already happened. */
export const disableFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** Empty text inputs become null, as the API's optional fields expect. */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

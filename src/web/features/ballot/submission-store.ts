/**
 * The ballot page's random submission id per code (and per reporter in 逐人投票), kept so that a
 * retry after a lost answer is the same submission and gets the same receipt. localStorage where
 * the browser allows it (WeChat's private mode may not); memory otherwise, which still covers a
 * retry without reloading the page.
 */
const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string): void {
  memory.set(key, value);
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode, quota): memory keeps the value for this page's life.
  }
}

/** A v4 uuid from getRandomValues: randomUUID exists only on HTTPS pages, and a meeting's LAN may serve HTTP. */
function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const submissionKey = (code: string, orgId: number | null) =>
  orgId === null ? `ballot:${code}` : `ballot:${code}:${orgId}`;

export function submissionIdFor(code: string, orgId: number | null): string {
  const key = submissionKey(code, orgId);
  const kept = read(key);
  if (kept) return kept;
  const id = randomUuid();
  write(key, id);
  return id;
}

/** The receipts this phone got for a code, shown again when the code is opened after voting. */
export function keptReceipts(code: string): string[] {
  const kept = read(`receipts:${code}`);
  return kept ? (JSON.parse(kept) as string[]) : [];
}

export function keepReceipt(code: string, receipt: string): void {
  const receipts = keptReceipts(code);
  if (!receipts.includes(receipt)) write(`receipts:${code}`, JSON.stringify([...receipts, receipt]));
}

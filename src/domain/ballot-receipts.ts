// 回执: the number a panelist keeps to check that their ballot was counted. Apart from
// meetings.ts because it hashes with node:crypto, which the web bundle must not pull in.
import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The receipt of a ballot cast with `code` from the ballot page's `submissionId`: ten digits as
 * 12345-67890. Deterministic, so a retried submission gets the same receipt; it depends on the
 * random submission id, so knowing the codes does not give the receipts.
 */
export function receiptFor(code: string, submissionId: string): string {
  const digits = (sha256(`receipt\n${code}\n${submissionId}`).readBigUInt64BE(0) % 10_000_000_000n)
    .toString()
    .padStart(10, '0');
  return formatReceipt(digits);
}

const formatReceipt = (digits: string) => `${digits.slice(0, 5)}-${digits.slice(5)}`;

/** A receipt as a panelist types it back (with or without its dash), in the form `receiptFor` gives. */
export const normalizeReceipt = (input: string) => formatReceipt(input.replace('-', ''));

/** What a ballot row stores of its receipt: enough to answer "was it counted?", nothing to show. */
export const receiptHash = (receipt: string) => sha256(receipt).toString('hex');

/**
 * What a used code row stores: it recognizes a retry of the same submission, and without the
 * submission id (kept only by the panelist's page) it matches no ballot.
 */
export const submissionDigest = (code: string, submissionId: string) =>
  sha256(`${code}${submissionId}used`).toString('hex');

// Points are worked out in whole cents (0.01 of a point), so that a sheet's deductions add up to
// exactly what it lost: 0.1 + 0.2 in floating point is not 0.3, and a checker's column must sum.
// Every value that leaves this folder is cents / 100, i.e. rounded to 2 decimals the same way.

/** A number of points as whole cents, rounded half away from zero (1.005 → 101, not 100). */
export function toCents(points: number): number {
  const scaled = points * 100;
  // The nudge undoes binary representation error (1.005 * 100 = 100.49999…) before rounding.
  return Math.sign(scaled) * Math.round(Math.abs(scaled) + 1e-7);
}

export const fromCents = (cents: number) => cents / 100;

/** Points rounded to 2 decimals, the one rounding every score and deduction gets. */
export const roundPoints = (points: number) => fromCents(toCents(points));

/** "0.5", "1", "1.25": points as a checker writes them, without trailing zeros. */
export const formatPoints = (points: number) => String(roundPoints(points));

/** One deduction and why, in Chinese ("应开4次，实开3次，扣0.5分"). */
export interface LostPoints {
  points: number;
  reason: string;
}

/** A deduction before it is capped: its size in cents, and what happened. */
export interface Shortfall {
  cents: number;
  /** What happened ("应开4次，实开3次"); the points taken are said after it. */
  what: string;
  /** The whole reason given the points taken, for wordings where the points come first (酌情扣分). */
  say?: (points: number) => string;
}

/**
 * Takes the shortfalls in order until `availableCents` are used up ("扣完为止"): the one that uses
 * them up is cut to what was left and says so with `limitNote`, later ones take nothing. `lost`
 * holds only what took points, so its points add up to exactly `takenCents`; `lines` says every
 * shortfall, the ones that found nothing left too, for the explanation.
 */
export function takeShortfalls(
  shortfalls: readonly Shortfall[],
  availableCents: number,
  limitNote = '扣完为止',
) {
  const lost: LostPoints[] = [];
  const lines: string[] = [];
  let left = availableCents;
  for (const s of shortfalls) {
    const taken = Math.min(s.cents, left);
    if (taken <= 0) {
      lines.push(`${s.what}，分值已扣完`);
      continue;
    }
    left -= taken;
    const points = fromCents(taken);
    const said = s.say ? s.say(points) : `${s.what}，扣${formatPoints(points)}分`;
    const reason = left === 0 && limitNote ? `${said}，${limitNote}` : said;
    lost.push({ points, reason });
    lines.push(reason);
  }
  return { lost, lines, takenCents: availableCents - left };
}

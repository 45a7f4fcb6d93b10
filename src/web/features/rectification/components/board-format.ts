/** A completion rate as the board prints it: one decimal percent, a dash without items. */
export const formatRate = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export type { BaseStatistics as Statistics } from '../../../domain/statistics.js';

export interface StatisticsParams {
  orgId: number;
  asOf: string;
}

/** The 基本情况 of a report: one Chinese paragraph and the same figures as table rows. */
export interface Basics {
  text: string;
  rows: { label: string; value: string }[];
}

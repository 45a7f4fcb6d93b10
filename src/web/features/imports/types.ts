export type ImportKind = 'members' | 'orgs';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** details of a 422 IMPORT_ROWS_INVALID answer. */
export interface RowErrors {
  total: number;
  rows: number;
  errors: RowError[];
}

export interface ImportProgress {
  phase: 'reading' | 'validating' | 'writing' | 'done' | 'failed';
  done: number;
  total: number | null;
}

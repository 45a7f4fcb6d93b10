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
  /** ID numbers registered outside the uploader's scope; the server names no row for them. */
  registeredElsewhere?: number;
}

/** A page of a paginated list, as every list endpoint with `page`/`pageSize` answers. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}

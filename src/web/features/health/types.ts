export interface Health {
  status: 'ok';
  db: 'pglite' | 'postgres';
  version: string;
}

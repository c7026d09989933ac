/**
 * The one database seam. Everything above this file talks to `Database`/`Queryable` and never to
 * a driver, so the same SQL runs on PostgreSQL + PostGIS (through `pg`) and on the embedded
 * PGlite + PostGIS.
 */
export type DatabaseKind = 'postgres' | 'embedded';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

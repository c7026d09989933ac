/** What every importer reports: how many rows it loaded and each row it refused, with why. */
export interface Rejection {
  /** File (relative to the data directory) the row came from. */
  source: string;
  /** 1-based feature index for GeoJSON, physical line for CSV. */
  row: number;
  reason: string;
}

export interface ParseResult<Row> {
  accepted: Row[];
  rejected: Rejection[];
}

/** Thrown in strict mode so the surrounding transaction rolls back and nothing is loaded. */
export class StrictImportError extends Error {
  constructor(
    readonly importer: string,
    readonly rejected: Rejection[],
  ) {
    super(`${importer}: ${rejected.length} invalid row(s); strict mode loads nothing`);
  }
}

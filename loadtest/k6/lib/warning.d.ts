/** Types of warning.js (plain JS so that k6 can load it). */
export declare function capDateTime(ms: number): string;
export declare function warningHeadline(runId: string, issuedAtMs: number): string;
export declare function issuedAtOf(headline: unknown, runId: string): number | undefined;
export declare function warningDocument(options: {
  runId: string;
  issuedAtMs: number;
  polygon: string;
  sequence?: number;
}): Record<string, unknown>;
export declare function baselinePayload(runId: string, issuedAtMs: number): Record<string, unknown>;

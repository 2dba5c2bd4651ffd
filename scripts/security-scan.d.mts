// Types for the parts of security-scan.mjs its tests import.
export type AcceptedEntry = { check: string; file: string; message?: string; reason: string };
export type Finding = { check: string; file: string; line: number; message: string; level?: string };
export declare function readAccepted(file: string): AcceptedEntry[];
export declare function isAcceptedBy(
  finding: Finding,
  entry: Omit<AcceptedEntry, 'reason'> & { reason?: string },
): boolean;

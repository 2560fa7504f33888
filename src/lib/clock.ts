/** Current time as the API writes it: ISO 8601 UTC with milliseconds. */
export const nowIso = (): string => new Date().toISOString();

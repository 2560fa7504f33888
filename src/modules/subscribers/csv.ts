/** CSV (RFC 4180) cells for export, and the inverse tweaks for import. */

/**
 * Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"); a
 * subscriber's name like `=HYPERLINK(…)` must reach an admin's spreadsheet as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Undoes `csvCell`'s formula guard, so an exported file imports as it was. */
export function uncsvCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

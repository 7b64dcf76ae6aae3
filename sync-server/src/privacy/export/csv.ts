export type Cell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Cells with a comma, quote or line break are quoted.
 * A text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (OWASP's guard against formula
 * injection when the file is opened in a spreadsheet); numbers are written as numbers. The JSON files of the
 * export carry every value unaltered.
 */
export function toCsv(headers: readonly string[], rows: ReadonlyArray<Record<string, Cell>>): string {
  const lines = [headers.map(cell).join(",")];
  for (const row of rows) lines.push(headers.map((h) => cell(row[h])).join(","));
  return lines.join("\r\n") + "\r\n";
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

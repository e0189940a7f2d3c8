/**
 * A first look at raw scenario SQL before it reaches DuckDB: one statement that reads. The host
 * also asks DuckDB for the statement's type and runs it on a read-only database with file access
 * off; this check gives the person a plain answer without a round trip.
 */

const READING_STARTS = new Set(['select', 'with', 'from', 'values', 'table', 'describe', 'summarize', 'show', 'pivot', 'unpivot', 'explain']);
export const RAW_SQL_MAX = 20_000;

/** Null when the text may run; otherwise why not. */
export function rawSqlRefusal(sql: string): string | null {
  const text = stripComments(sql).trim().replace(/;\s*$/, '');
  if (!text) return 'the query is empty';
  if (sql.length > RAW_SQL_MAX) return `the query is longer than ${RAW_SQL_MAX} characters`;
  if (hasSemicolonOutsideQuotes(text)) return 'one statement at a time: the query holds a ";" between statements';
  const first = /^\(*\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? '';
  if (!READING_STARTS.has(first)) return `only queries that read run here (SELECT, WITH, FROM …); "${first.toUpperCase() || text.slice(0, 20)}" is refused`;
  return null;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

function hasSemicolonOutsideQuotes(text: string): boolean {
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') return true;
  }
  return false;
}

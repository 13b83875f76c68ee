/**
 * Backtick-quotes a label, relationship type or property key for Cypher. Only ever called with names
 * from the model's allowlist: identifiers cannot be parameters, values always are.
 */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

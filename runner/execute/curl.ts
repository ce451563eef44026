/**
 * A copyable curl command that reproduces a recorded request. The request is already redacted by the caller; this
 * only quotes safely for a POSIX shell.
 */

/** Quotes a value for a POSIX shell (single quotes, with embedded single quotes closed and escaped). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `curl -X METHOD 'url' -H 'name: value' … --data-raw 'body'`. */
export function toCurl(request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string }): string {
  const parts = ['curl', '-sS', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}

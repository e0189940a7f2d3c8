import { contentTypeFor } from './byteRange';
import type { FileResponse } from './fileResponse';

/**
 * Store files are data, never part of the app: whatever a dataset holds (an `.html` report, an
 * `.svg` that carries script) must not run in the app's origin. Every store answer is sandboxed,
 * never sniffed, and typed by Cairn from the file name, not by a remote server.
 */
export const STORE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/** Types a browser would render as a document or run: sent as downloads. */
const ACTIVE_TYPES = /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|text\/javascript|application\/javascript)/i;

const ACTIVE_NAMES = /\.(html?|xhtml|svgz?|xml|xsl|js|mjs)$/i;

export function withStoreHeaders(relativePath: string, out: FileResponse): FileResponse {
  const headers: Record<string, string> = {};
  // Drop what the source said of the type: a proxied server could call any file text/html.
  for (const [name, value] of Object.entries(out.headers)) {
    if (!/^content-(type|disposition)$/i.test(name)) headers[name] = value;
  }
  const type = contentTypeFor(relativePath);
  const active = ACTIVE_TYPES.test(type) || ACTIVE_NAMES.test(relativePath);
  headers['Content-Type'] = active ? 'application/octet-stream' : type;
  if (active) headers['Content-Disposition'] = 'attachment';
  headers['X-Content-Type-Options'] = 'nosniff';
  headers['Content-Security-Policy'] = STORE_CSP;
  return { ...out, headers };
}

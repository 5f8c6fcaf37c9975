// Next decodes dynamic path segments itself and answers a plain-text 500 when one holds a
// malformed "%" escape (e.g. "/api/jobs/%ZZ"), before any route handler or page can refuse it.
// The proxy runs first, so it checks the raw path here and answers for the app.

/** The first path segment that is not valid percent-encoded UTF-8, or null when all decode. */
export function malformedSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/** decodeURIComponent that answers null for a malformed escape instead of throwing. */
export function tryDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

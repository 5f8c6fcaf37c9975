/**
 * Queue-name globs for alert rules: `*` is any run of characters (also none), `?` one character,
 * everything else literal. Queue names are lowercase letters, digits and hyphens, so there is
 * nothing to escape in them; the pattern is still escaped so "." or "+" never become regex syntax.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

const cache = new Map<string, RegExp>();

export function globMatches(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(name);
}

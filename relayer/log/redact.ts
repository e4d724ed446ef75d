// What of a secret may be shown. A JSON-RPC provider's API key lives in its URL's path, query or user-info, and
// libraries (viem's HttpRequestError, fetch, ws) repeat the whole URL in their messages: every URL in a logged or
// printed text keeps only its origin. Values known to be secret (a keystore password, the RPC URL's path) are
// replaced wherever they occur, even outside a URL.

/** scheme://[user-info@]host[:port] then, optionally, the path, query and fragment up to a space, quote or backslash. */
const URL_IN_TEXT = /\b((?:https?|wss?):\/\/)(?:[^\s/?#@"'<>\\]*@)?([^\s/?#@"'<>\\]+)([/?#][^\s"'<>\\]*)?/gi;

/** The URL's origin, with "/…" when a path or query was left out: what logs and the banner show of an RPC URL. */
export function shownUrl(url: string): string {
  return redactUrls(url);
}

/** `text` with every http(s)/ws(s) URL cut to its origin (user-info dropped; path and query shown as "/…"). */
export function redactUrls(text: string): string {
  return text.replace(
    URL_IN_TEXT,
    (_match, scheme: string, host: string, rest: string | undefined) =>
      `${scheme}${host}${rest === undefined || rest === "/" ? "" : "/…"}`,
  );
}

/** Shorter parts ("v3", "mainnet", a user name) are too common to replace wherever they occur; API keys and tokens are longer (32 and more). */
const MIN_SECRET_PART = 12;

/**
 * The parts of `url` that may hold a secret, for a redaction list: the user name and password, the path and each of
 * its segments, the query and each of its values, the fragment; [] for a bare origin. A secret that appears outside
 * its URL (a library quoting only the path, a token alone) is still replaced.
 */
export function secretPartsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const parts = [
    parsed.username,
    parsed.password,
    parsed.pathname,
    ...parsed.pathname.split("/"),
    parsed.search.slice(1),
    ...parsed.search
      .slice(1)
      .split("&")
      .flatMap((kv) => [kv, kv.slice(kv.indexOf("=") + 1)]),
    parsed.hash.slice(1),
  ];
  return [...new Set(parts.filter((p) => p.length >= MIN_SECRET_PART))];
}

/** A redactor of `text`: URLs cut to their origin, then every listed secret replaced by "[redacted]". */
export function redactor(secrets: readonly string[] = []): (text: string) => string {
  const listed = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrls(text);
    for (const secret of listed) out = out.split(secret).join("[redacted]");
    return out;
  };
}

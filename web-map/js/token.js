// The access token a server started with `--private-reads` asks for: kept in localStorage,
// sent as `Authorization: Bearer …` with the page's own requests (API calls and, through
// MapLibre's `transformRequest`, style and tiles), never to any other origin.

/** localStorage key of the token. */
export const TOKEN_KEY = 'gridbeat.token';

/** The stored token, or null (also when storage is unavailable). */
export function loadToken(storage = globalThis.localStorage) {
  try {
    const token = storage?.getItem(TOKEN_KEY)?.trim();
    return token || null;
  } catch {
    return null;
  }
}

/** Stores `token` (trimmed); an empty one removes it. Returns what is stored now. */
export function saveToken(token, storage = globalThis.localStorage) {
  const value = String(token ?? '').trim();
  try {
    if (value) {
      storage?.setItem(TOKEN_KEY, value);
    } else {
      storage?.removeItem(TOKEN_KEY);
    }
  } catch {
    return null;
  }
  return value || null;
}

/** The request headers carrying `token`, or none. */
export function authHeaders(token) {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * A MapLibre `transformRequest` that adds the token to requests for `origin` only, so a
 * style that names another host never receives it.
 */
export function tokenRequests(origin, token) {
  return (url) => {
    let own = false;
    try {
      own = new URL(url, origin).origin === origin;
    } catch {
      own = false;
    }
    return own && token ? { url, headers: authHeaders(token) } : { url };
  };
}

// Talking to the gridbeat server: OGC API – Features pages, point lookup, village
// search and dataset metadata.
//
// Every URL is resolved against the page's own origin, and a URL that leaves that
// origin is refused: police networks are offline intranets, so the map must never
// reach for another host, even when a server link says so.

/** Features per page asked of the OGC items endpoints. */
export const PAGE_LIMIT = 10000;

/** Pages followed for one collection before giving up on a `next` loop. */
export const MAX_PAGES = 1000;

/** An HTTP answer that was not 2xx, carrying the server's message when it sent one. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * A client for one gridbeat server.
 *
 * `base` is the page's URL (`location.href` in the browser); `fetchFn` is `fetch`, or a
 * stand-in in unit tests.
 */
export class GridbeatApi {
  constructor(base, fetchFn = globalThis.fetch.bind(globalThis)) {
    this.origin = new URL(base).origin;
    this.fetchFn = fetchFn;
  }

  /** Resolves `href` against the server and refuses any other origin. */
  resolve(href) {
    const url = new URL(href, this.origin);
    if (url.origin !== this.origin) {
      throw new ApiError(`refusing to load from another host: ${url.origin}`, 0);
    }
    return url;
  }

  /** GETs `href` and parses JSON; a non-2xx answer throws with the server's `error`. */
  async json(href, { signal } = {}) {
    const url = this.resolve(href);
    const response = await this.fetchFn(url.href, {
      signal,
      headers: { Accept: 'application/geo+json, application/json' },
    });

    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && typeof body.error === 'string'
        ? body.error
        : `HTTP ${response.status}`;
      throw new ApiError(message, response.status);
    }
    return body;
  }

  /**
   * Fetches every feature of an OGC collection, following `next` links page by page.
   *
   * `onPage(features, page)` is called after each page with everything fetched so far,
   * so the map can draw while later pages load. Resolves to a FeatureCollection.
   */
  async collection(id, { onPage, signal } = {}) {
    const features = [];
    let href = `/ogc/collections/${encodeURIComponent(id)}/items?limit=${PAGE_LIMIT}`;
    let pages = 0;

    while (href) {
      if (++pages > MAX_PAGES) {
        throw new ApiError(`collection ${id}: more than ${MAX_PAGES} pages`, 0);
      }
      const page = await this.json(href, { signal });
      const batch = Array.isArray(page.features) ? page.features : [];
      features.push(...batch);
      onPage?.(features, page);

      // An empty page ends the walk even if the server still offers a `next` link.
      href = batch.length > 0 ? nextLink(page) : null;
    }
    return { type: 'FeatureCollection', features };
  }

  /** Who is responsible at (lon, lat), WGS84 degrees. */
  lookup(lon, lat, { signal } = {}) {
    const params = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
    return this.json(`/api/v1/lookup?${params}`, { signal });
  }

  /** Villages whose name or code matches `text`, at most `limit` of them. */
  async searchVillages(text, { limit = 20, signal } = {}) {
    const params = new URLSearchParams({ q: text, limit: String(limit) });
    const page = await this.json(`/ogc/collections/villages/items?${params}`, { signal });
    return Array.isArray(page.features) ? page.features : [];
  }

  /** The dataset's name, title and attribution. */
  dataset() {
    return this.json('/api/v1/dataset');
  }
}

/** The href of the `next` link of an OGC items page, or null on the last page. */
export function nextLink(page) {
  const links = Array.isArray(page?.links) ? page.links : [];
  const next = links.find((link) => link && link.rel === 'next' && link.href);
  return next ? next.href : null;
}

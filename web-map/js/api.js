// Talking to the gridbeat server: point lookup, village search, dataset metadata, coverage
// rates and gaps.
// (The map's layers come as vector tiles through the style, `/style.json`.)
//
// Every URL is resolved against the page's own origin, and a URL that leaves that
// origin is refused: police networks are offline intranets, so the map must never
// reach for another host, even when a server link says so.

import { gapPath } from './gaps.js';
import { authHeaders } from './token.js';

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
 * stand-in in unit tests; `token`, when given, goes with every request as a bearer token.
 */
export class GridbeatApi {
  constructor(base, fetchFn = globalThis.fetch.bind(globalThis), token = null) {
    this.origin = new URL(base).origin;
    this.fetchFn = fetchFn;
    this.token = token;
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
      headers: { Accept: 'application/geo+json, application/json', ...authHeaders(this.token) },
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

  /** POSTs `body` as JSON to `href`; the raw response, or a throw with the server's `error`. */
  async send(href, body, accept) {
    const url = this.resolve(href);
    const response = await this.fetchFn(url.href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: accept, ...authHeaders(this.token) },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => null);
      const message = answer && typeof answer.error === 'string'
        ? answer.error
        : `HTTP ${response.status}`;
      throw new ApiError(message, response.status);
    }
    return response;
  }

  /** POSTs `body` as JSON and parses the JSON answer. */
  async post(href, body) {
    const response = await this.send(href, body, 'application/geo+json, application/json');
    return response.json();
  }

  /** POSTs `body` as JSON and takes the answer as a file: `{ blob, disposition }`. */
  async postForFile(href, body) {
    const response = await this.send(href, body, '*/*');
    return {
      blob: await response.blob(),
      disposition: response.headers.get('Content-Disposition'),
    };
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

  /** The URL of the map style the server fills in for this data set. */
  styleUrl() {
    return this.resolve('/style.json').href;
  }

  /** The offending features of a gap kind (FeatureCollection with `summary`). */
  gaps(kind, { signal, ...options } = {}) {
    return this.json(gapPath(kind, options), { signal });
  }

  /** Coverage rates: `overall`, `jurisdictions` (with `bbox`), `stations`. */
  coverage({ signal } = {}) {
    return this.json('/api/v1/coverage', { signal });
  }

  /** One jurisdiction as a GeoJSON feature. */
  jurisdiction(id, { signal } = {}) {
    return this.json(`/ogc/collections/jurisdictions/items/${encodeURIComponent(id)}`, { signal });
  }

  /** The dataset's name, title, attribution, bbox and counts. */
  dataset() {
    return this.json('/api/v1/dataset');
  }
}

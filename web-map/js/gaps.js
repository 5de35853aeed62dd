// Coverage gaps: what `/api/v1/gaps/{kind}` and `/api/v1/coverage` answer, as map layers,
// summary lines and table rows. Pure functions; `gaps-panel.js` puts them on the page.

import { translator } from './i18n.js';

/** Gap kinds the server reports, in panel order. */
export const GAP_KINDS = ['unassigned', 'distance', 'partition', 'workload'];

/** The highlight colour of every gap layer: magenta, unlike any grid or basemap colour. */
export const GAP_COLOR = '#e6007e';

/** Default `max_km` of the distance kind (the server's default too). */
export const DEFAULT_MAX_KM = 5;

/** Default `max_minutes` of the distance kind by travel time (the server's default too). */
export const DEFAULT_MAX_MINUTES = 15;

/** The vector tile source id of a kind. */
export function gapSourceId(kind) {
  return `gap-${kind}`;
}

/** The layer ids of a kind: polygons filled and outlined, points as circles. */
export function gapLayerIds(kind) {
  return { fill: `gap-${kind}-fill`, line: `gap-${kind}-line`, circle: `gap-${kind}-circle` };
}

const POLYGONS = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const POINTS = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/**
 * The MapLibre layers that highlight a kind's features, drawn above everything else. Each
 * reads the tile layer named after the kind.
 */
export function gapLayers(kind) {
  const source = gapSourceId(kind);
  const ids = gapLayerIds(kind);
  const common = { source, 'source-layer': kind, metadata: { 'gridbeat:gap': kind } };
  return [
    {
      id: ids.fill, type: 'fill', ...common, filter: POLYGONS,
      paint: { 'fill-color': GAP_COLOR, 'fill-opacity': 0.35 },
    },
    {
      id: ids.line, type: 'line', ...common, filter: POLYGONS,
      paint: { 'line-color': GAP_COLOR, 'line-width': 2.5 },
    },
    {
      id: ids.circle, type: 'circle', ...common, filter: POINTS,
      paint: {
        'circle-color': GAP_COLOR,
        'circle-radius': 6,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
      },
    },
  ];
}

/**
 * The query string of a kind (with its `?`, or empty). For `distance` only: `metric`
 * `travel` asks for travel time on the roads within `maxMinutes`, anything else for ground
 * distance within `maxKm`; a limit that is not a positive number keeps the server's default.
 */
export function gapQuery(kind, { maxKm, metric, maxMinutes } = {}) {
  if (!GAP_KINDS.includes(kind)) {
    throw new Error(`unknown gap kind: ${kind}`);
  }
  const params = new URLSearchParams();
  const positive = (value) => {
    const n = Number(value);
    return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? String(n) : null;
  };
  if (kind === 'distance' && metric === 'travel') {
    params.set('metric', 'travel');
    const minutes = positive(maxMinutes);
    if (minutes) {
      params.set('max_minutes', minutes);
    }
  } else if (kind === 'distance' && positive(maxKm)) {
    params.set('max_km', positive(maxKm));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The GeoJSON request path of a kind, for its features and summary. */
export function gapPath(kind, options = {}) {
  return `/api/v1/gaps/${kind}${gapQuery(kind, options)}`;
}

/** Highest zoom the server cuts gap tiles for; the map overzooms beyond it. */
export const GAP_TILES_MAX_ZOOM = 18;

/**
 * The vector tile source of a kind on the server at `origin`: the same features as
 * `gapPath`, cut into tiles, so large answers draw as fast as the data set's own layers.
 */
export function gapSource(kind, options = {}, origin = '') {
  const query = gapQuery(kind, options);
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/gaps/${kind}/{z}/{x}/{y}${query}`],
    minzoom: 0,
    maxzoom: GAP_TILES_MAX_ZOOM,
  };
}

const count = (value) => (Number.isFinite(value) ? value.toLocaleString('en') : '–');

/** The summary line of a kind's answer in the language of `t`. */
export function gapSummary(kind, summary, t = translator('zh')) {
  const s = summary ?? {};
  switch (kind) {
    case 'unassigned':
      return t('gaps.summary.unassigned', {
        grids: count(s.grids), villages: count(s.villages),
        offices: count(s.offices), officers: count(s.officers),
      });
    case 'distance':
      return t('gaps.summary.distance', {
        own: count(s.beyond_own_office), any: count(s.beyond_any_office),
        checked: count(s.villages_checked),
      });
    case 'partition':
      return t('gaps.summary.partition', {
        holes: count(s.holes?.count), overlaps: count(s.overlaps?.count),
        outside: count(s.outside?.count),
      });
    case 'workload':
      return t('gaps.summary.workload', {
        above: count(s.above), below: count(s.below),
        median: Number.isFinite(s.median) ? Math.round(s.median * 10) / 10 : '–',
      });
    default:
      return '';
  }
}

/** A rate in [0, 1] as a percentage with one decimal, or '–' when there is none. */
export function percent(rate) {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(1)}%` : '–';
}

/**
 * The coverage table's rows from `/api/v1/coverage`: one per jurisdiction, by name, with
 * `bounds` from the server's bbox (null when it gave none).
 */
export function coverageRows(coverage) {
  const rows = Array.isArray(coverage?.jurisdictions) ? coverage.jurisdictions : [];
  return rows
    .filter((row) => row && typeof row.id === 'string')
    .map((row) => ({
      id: row.id,
      name: row.name ?? row.id,
      villages: percent(row.village_rate),
      grids: percent(row.grid_rate),
      bbox: Array.isArray(row.bbox) ? row.bbox : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

// Patrols and service areas: the request bodies and paths of `/api/v1/patrols`,
// `/api/v1/patrols/export` and `/api/v1/isochrone`, and the map layers and summary lines of
// their answers. Pure functions; `patrol-panel.js` puts them on the page.

import { translator } from './i18n.js';

/** Export formats offered for download, as the server names them. */
export const EXPORT_FORMATS = ['gpx', 'kml', 'geojson', 'csv'];

/** Source ids: the planned patrol, the stops picked so far, the service area. */
export const PATROL_SOURCE = 'patrol';
export const PICKED_SOURCE = 'patrol-picked';
export const ISOCHRONE_SOURCE = 'isochrone';

/** Layer ids of the patrol and service-area overlays. */
export const PATROL_LAYER = {
  route: 'patrol-route',
  stops: 'patrol-stops',
  order: 'patrol-order',
  start: 'patrol-start',
  picked: 'patrol-picked',
  isochroneFill: 'isochrone-fill',
  isochroneLine: 'isochrone-line',
};

/** One colour per officer's route, repeating after six. */
export const ROUTE_COLORS = ['#0055d4', '#d45500', '#008c3a', '#8a2be2', '#b8860b', '#c71585'];

/** The most stops one request may hold (the server's limit). */
export const MAX_STOPS = 500;

const EMPTY = { type: 'FeatureCollection', features: [] };

/**
 * The body of a patrol request: start at the officer's office, visit `stops` (each
 * `{ village }` or `{ coordinates, name }`), shared among `officers`.
 */
export function patrolBody({
  officerId, stops, profile = 'car', returnToStart = true, officers = 1, name,
}) {
  if (typeof officerId !== 'string' || officerId === '') {
    throw new Error('choose an officer first');
  }
  if (!Array.isArray(stops) || stops.length === 0) {
    throw new Error('add at least one stop');
  }
  const body = {
    start: { officer: officerId },
    stops: stops.map((s) => (s.village ? { village: s.village }
      : { coordinates: s.coordinates, name: s.name })),
    profile,
    return_to_start: Boolean(returnToStart),
    officers: Math.max(1, Math.trunc(Number(officers) || 1)),
  };
  if (name) {
    body.name = name;
  }
  return body;
}

/** The export path of one officer's route in `format`. */
export function exportPath(format, officer = 0) {
  if (!EXPORT_FORMATS.includes(format)) {
    throw new Error(`unknown export format: ${format}`);
  }
  const params = new URLSearchParams({ format, officer: String(officer) });
  return `/api/v1/patrols/export?${params}`;
}

/** The service-area path of an office within `minutes`. */
export function isochronePath(officeId, minutes, profile = 'car') {
  const m = Number(minutes);
  if (!Number.isFinite(m) || m <= 0) {
    throw new Error('minutes must be a positive number');
  }
  const params = new URLSearchParams({ office: officeId, minutes: String(m), profile });
  return `/api/v1/isochrone?${params}`;
}

/** The path of every office's service area within `minutes`. */
export function serviceAreasPath(minutes, profile = 'car') {
  const m = Number(minutes);
  if (!Number.isFinite(m) || m <= 0) {
    throw new Error('minutes must be a positive number');
  }
  const params = new URLSearchParams({ minutes: String(m), profile });
  return `/api/v1/service-areas?${params}`;
}

/** The file name a download gets: from `Content-Disposition`, else `patrol.{format}`. */
export function downloadName(disposition, format) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (match) {
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return match[1];
    }
  }
  return `patrol.${format}`;
}

/** Picked stops as GeoJSON points numbered in the order they were picked. */
export function pickedCollection(stops) {
  return {
    type: 'FeatureCollection',
    features: stops.map((s, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: s.coordinates },
      properties: { label: String(i + 1), name: s.name ?? '' },
    })),
  };
}

/** The patrol answer, with each stop's visit number (1-based) as `label`. */
export function patrolCollection(answer) {
  if (!answer || !Array.isArray(answer.features)) {
    return EMPTY;
  }
  const features = answer.features.map((f) => {
    if (f.properties?.kind !== 'stop') {
      return f;
    }
    return { ...f, properties: { ...f.properties, label: String(f.properties.seq + 1) } };
  });
  return { type: 'FeatureCollection', features };
}

const ROUTE_COLOR = [
  'match', ['%', ['to-number', ['get', 'officer'], 0], ROUTE_COLORS.length],
  ...ROUTE_COLORS.slice(1).flatMap((color, i) => [i + 1, color]),
  ROUTE_COLORS[0],
];
const KIND = (kind) => ['==', ['get', 'kind'], kind];

/** The layers of a planned patrol and of picked stops, drawn above the data. */
export function patrolLayers() {
  return [
    {
      id: PATROL_LAYER.route, type: 'line', source: PATROL_SOURCE, filter: KIND('route'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ROUTE_COLOR, 'line-width': 4, 'line-opacity': 0.85 },
    },
    {
      id: PATROL_LAYER.start, type: 'circle', source: PATROL_SOURCE, filter: KIND('start'),
      paint: {
        'circle-color': '#111', 'circle-radius': 7,
        'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
      },
    },
    {
      id: PATROL_LAYER.stops, type: 'circle', source: PATROL_SOURCE, filter: KIND('stop'),
      paint: {
        'circle-color': ROUTE_COLOR, 'circle-radius': 9,
        'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5,
      },
    },
    {
      id: PATROL_LAYER.order, type: 'symbol', source: PATROL_SOURCE, filter: KIND('stop'),
      layout: { 'text-field': ['get', 'label'], 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#fff' },
    },
    {
      id: PATROL_LAYER.picked, type: 'circle', source: PICKED_SOURCE,
      paint: {
        'circle-color': '#fff', 'circle-radius': 6,
        'circle-stroke-color': '#0055d4', 'circle-stroke-width': 2.5,
      },
    },
  ];
}

/** The layers of a service area, drawn under the patrol. */
export function isochroneLayers() {
  return [
    {
      id: PATROL_LAYER.isochroneFill, type: 'fill', source: ISOCHRONE_SOURCE,
      paint: { 'fill-color': '#008c3a', 'fill-opacity': 0.18 },
    },
    {
      id: PATROL_LAYER.isochroneLine, type: 'line', source: ISOCHRONE_SOURCE,
      paint: { 'line-color': '#008c3a', 'line-width': 2, 'line-dasharray': [2, 1] },
    },
  ];
}

const km = (m) => (Number.isFinite(m) ? (m / 1000).toFixed(1) : '–');
const minutes = (s) => (Number.isFinite(s) ? String(Math.round(s / 60)) : '–');

/** The summary lines of a plan: one for the whole, one per officer, one per unserved stop. */
export function patrolSummary(plan, t = translator('zh')) {
  if (!plan) {
    return [];
  }
  const lines = [t('patrol.summary', {
    served: plan.served, stops: plan.stops, km: km(plan.total_distance_m),
    longest: minutes(plan.longest_s),
  })];
  for (const route of plan.routes ?? []) {
    if (route.stops?.length) {
      lines.push(t('patrol.route', {
        officer: route.officer + 1, stops: route.stops.length, km: km(route.distance_m),
        minutes: minutes(route.duration_s), end: route.end_at,
      }));
    }
  }
  for (const skipped of plan.unserved ?? []) {
    lines.push(t('patrol.unserved', { name: skipped.name ?? skipped.id, message: skipped.message }));
  }
  return lines;
}

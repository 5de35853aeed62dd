// gridbeat web map: who answers for which place, on an offline MapLibre map.
//
// The style comes from the server (`/style.json`): vector tiles of every layer from
// `/tiles/…`, labels drawn with local fonts, and roads, boundaries and place names as an
// offline basemap (plus an intranet raster basemap when the server is configured with
// one). Clicks ask `/api/v1/lookup` who is responsible; the search box finds villages by
// name or code. The side panel switches layer groups, shows the legend, highlights coverage
// gaps (with a coverage table by jurisdiction), plans patrols (shown on the map, downloaded
// as GPX/KML/GeoJSON/CSV) with an office's service area, and switches the interface between
// Chinese and English. Nothing is loaded from any other host.
//
// `window.gridbeatMap` is the MapLibre map, and `window.gridbeat.ready` settles with
// 'ready' once the first view has rendered (or 'error'); the browser test relies on both.

import { GridbeatApi } from './js/api.js';
import { attachGaps } from './js/gaps-panel.js';
import { attachPatrol } from './js/patrol-panel.js';
import {
  HTML_LANG, LANGUAGES, applyTranslations, initialLanguage, loadLanguage, saveLanguage,
  translator,
} from './js/i18n.js';
import { renderError, renderLookup, renderPending } from './js/lookup-view.js';
import { attachSearch } from './js/search.js';
import { loadToken, saveToken, tokenRequests } from './js/token.js';
import {
  FILL_OPACITY_OVER_BASEMAP, LAYER, SOURCE, availableGroups, bboxBounds, layerVisible,
  pruneStyle, sourceTileLayers, styleImage,
} from './js/style.js';

const maplibregl = globalThis.maplibregl;
const token = loadToken();
const api = new GridbeatApi(window.location.href, undefined, token);
const statusLine = document.getElementById('status');

let lang = initialLanguage(loadLanguage());
let t = translator(lang);
// The status line's message as { key, vars }, so a language change can redraw it.
let status = null;

// Functions to call after the interface language changed.
const onLanguageChange = [];
const switches = readSwitches();
let resolveReady;
window.gridbeat = {
  map: null,
  ready: new Promise((resolve) => {
    resolveReady = resolve;
  }),
  layers: LAYER,
  language: () => lang,
  setLanguage,
};

applyLanguage();
attachTokenForm();
for (const button of document.querySelectorAll('button[data-lang]')) {
  button.addEventListener('click', () => setLanguage(button.dataset.lang));
}
setState('loading');
setStatus('status.loading');

const [style, dataset] = await Promise.all([
  api.json('/style.json').then(pruneStyle).catch((error) => ({ error })),
  api.dataset().catch((error) => {
    console.warn('gridbeat: no dataset metadata:', error.message);
    return null;
  }),
]);

const map = createMap(style.error ? null : style, dataset);
window.gridbeatMap = map;
window.gridbeat.map = map;

if (style.error?.status === 401) {
  // A server with private reads: ask for a token.
  document.getElementById('token').open = true;
  fail(style.error.message);
  setStatus('status.token', { message: style.error.message }, true);
} else if (style.error) {
  fail(style.error.message);
} else {
  start();
}

function createMap(styleJson, datasetInfo) {
  const bounds = bboxBounds(datasetInfo?.bbox);
  if (styleJson) {
    // The style's own words (a grid with no officer) follow the interface language.
    styleJson.state = { ...styleJson.state, lang: { default: lang } };
  }
  const created = new maplibregl.Map({
    container: 'map',
    style: styleJson ?? { version: 8, sources: {}, layers: [] },
    ...(bounds
      ? { bounds, fitBoundsOptions: { padding: viewPadding() } }
      : { center: [104, 35], zoom: 3 }),
    attributionControl: false,
    transformRequest: tokenRequests(api.origin, token),
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
  });
  created.touchZoomRotate.disableRotation();
  created.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  created.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  created.addControl(new maplibregl.AttributionControl({
    compact: false,
    customAttribution: datasetInfo?.attribution || undefined,
  }));

  if (datasetInfo?.title) {
    document.getElementById('dataset-title').textContent = datasetInfo.title;
  }
  for (const [id, count] of Object.entries(datasetInfo?.counts ?? {})) {
    setCount(id, Number.isFinite(count) ? count.toLocaleString('en') : '');
  }
  return created;
}

function start() {
  // The style has no sprite: its images are drawn in memory when the map asks for them.
  map.on('styleimagemissing', (event) => {
    const found = styleImage(event.id);
    if (found && !map.hasImage(event.id)) {
      map.addImage(event.id, found.image, found.options);
    }
  });

  let loaded = false;
  map.on('error', (event) => {
    const message = event.error?.message ?? String(event.error ?? 'error');
    console.error('gridbeat map:', message);
    // A failed tile leaves a hole; a failed style, source or TileJSON leaves no map.
    if (loaded || event.tile) {
      setStatus('status.tiles', { message }, true);
    } else {
      fail(message);
    }
  });

  map.on('sourcedata', (event) => {
    if (event.sourceId === SOURCE && event.sourceDataType === 'metadata') {
      showAvailableGroups();
    }
  });

  // The patrol panel, once the style has loaded. While it picks stops, a map click adds one
  // instead of asking who is responsible there.
  let patrol = null;
  map.once('load', () => {
    loaded = true;
    // Gap layers are added to the loaded style, above everything else.
    const gaps = attachGaps({
      root: document.getElementById('gaps'),
      map,
      api,
      getT: () => t,
      padding: viewPadding,
    });
    window.gridbeat.gaps = gaps.state;
    onLanguageChange.push(gaps.refresh);
    patrol = attachPatrol({
      root: document.getElementById('patrol'),
      map,
      api,
      getT: () => t,
      padding: viewPadding,
    });
    window.gridbeat.patrol = patrol.state;
    onLanguageChange.push(patrol.refresh);
    map.setGlobalStateProperty('lang', lang);
    if (map.getLayer(LAYER.basemap)) {
      map.setPaintProperty(LAYER.jurisdictionFill, 'fill-opacity', FILL_OPACITY_OVER_BASEMAP);
    }
    showAvailableGroups();
    applyVisibility();
    map.once('idle', () => {
      if (status?.key === 'status.loading') {
        setStatus(null);
      }
      setState('ready');
      resolveReady('ready');
    });
  });

  const lookup = lookupPopup();
  map.on('click', (event) => {
    if (patrol?.picking()) {
      return;
    }
    const { lng, lat } = event.lngLat.wrap();
    lookup.open(lng, lat);
  });

  const search = attachSearch({
    input: document.getElementById('search'),
    list: document.getElementById('search-results'),
    api,
    getT: () => t,
    onPick: (feature, [lon, lat]) => {
      map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 14) });
      lookup.open(lon, lat);
    },
  });

  for (const box of document.querySelectorAll('input[data-layer-group]')) {
    box.addEventListener('change', () => {
      switches[box.dataset.layerGroup] = box.checked;
      applyVisibility();
    });
  }

  onLanguageChange.push(() => {
    lookup.refresh();
    search.refresh();
    if (map.isStyleLoaded()) {
      map.setGlobalStateProperty('lang', lang);
    }
  });
}

/** The access-token form: saving (or clearing) the token reloads the page with it. */
function attachTokenForm() {
  const form = document.getElementById('token-form');
  const input = form.querySelector('input');
  form.querySelector('[data-token-state]').hidden = !token;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveToken(input.value);
    window.location.reload();
  });
  form.querySelector('[data-token-clear]').addEventListener('click', () => {
    saveToken('');
    window.location.reload();
  });
}

function fail(message) {
  setStatus('status.failed', { message }, true);
  setState('error');
  resolveReady('error');
}

/** Shows each layer as the switches say (a group's switch, and the labels switch). */
function applyVisibility() {
  if (!map.style) {
    return;
  }
  for (const layer of map.getStyle().layers) {
    const visibility = layerVisible(layer, switches) ? 'visible' : 'none';
    if (map.getLayoutProperty(layer.id, 'visibility') !== visibility) {
      map.setLayoutProperty(layer.id, 'visibility', visibility);
    }
  }
}

/** Shows the switches (and legend rows) of the groups this data set and server have. */
function showAvailableGroups() {
  if (!map.style) {
    return;
  }
  const tileLayers = map.getSource(SOURCE)?.vectorLayerIds ?? sourceTileLayers(style);
  const available = new Set(availableGroups(map.getStyle().layers, tileLayers));
  for (const row of document.querySelectorAll('[data-group-row]')) {
    const group = row.dataset.groupRow;
    row.hidden = group !== 'labels' && !available.has(group);
  }
  for (const row of document.querySelectorAll('[data-legend-group]')) {
    row.hidden = !available.has(row.dataset.legendGroup);
  }
}

/** One popup for lookups; a newer click supersedes an answer still on its way. */
function lookupPopup() {
  // Every map click opens a lookup, so the popup must not also close itself on one.
  const popup = new maplibregl.Popup({
    maxWidth: '340px',
    closeOnClick: false,
    focusAfterOpen: false,
  });
  let latest = 0;
  // What the popup shows, to draw it again in another language.
  let shown = null;
  let selectedGrid = null;

  const select = (gridId) => {
    const target = (id) => ({ source: SOURCE, sourceLayer: 'grids', id });
    if (selectedGrid) {
      map.removeFeatureState(target(selectedGrid), 'selected');
    }
    selectedGrid = gridId;
    if (gridId) {
      map.setFeatureState(target(gridId), { selected: true });
    }
  };
  popup.on('close', () => {
    shown = null;
    select(null);
  });

  const draw = () => {
    if (!shown) {
      return;
    }
    const { kind, lon, lat, answer, message } = shown;
    const node = kind === 'pending' ? renderPending(lon, lat, t)
      : kind === 'error' ? renderError(message, lon, lat, t)
        : renderLookup(answer, lon, lat, t);
    popup.setDOMContent(node);
  };

  async function open(lon, lat) {
    const request = ++latest;
    shown = { kind: 'pending', lon, lat };
    popup.setLngLat([lon, lat]);
    draw();
    popup.addTo(map);

    try {
      const answer = await api.lookup(lon, lat);
      if (request === latest) {
        shown = { kind: 'done', lon, lat, answer };
        draw();
        select(answer.grid?.id ?? null);
      }
    } catch (error) {
      if (request === latest) {
        shown = { kind: 'error', lon, lat, message: error.message };
        draw();
        select(null);
      }
    }
  }
  return { open, refresh: draw };
}

/** Switches the interface to `next` ('zh' or 'en') and remembers the choice. */
function setLanguage(next) {
  if (!LANGUAGES.includes(next) || next === lang) {
    return;
  }
  lang = next;
  t = translator(lang);
  saveLanguage(lang);
  applyLanguage();
  for (const callback of onLanguageChange) {
    callback();
  }
}

function applyLanguage() {
  applyTranslations(document, lang);
  document.documentElement.lang = HTML_LANG[lang];
  document.title = `gridbeat · ${t('app.title')}`;
  for (const button of document.querySelectorAll('button[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  if (status) {
    setStatus(status.key, status.vars, status.isError);
  }
}

// The layer switches as the check boxes start: group (or 'labels') → on.
function readSwitches() {
  const on = {};
  for (const box of document.querySelectorAll('input[data-layer-group]')) {
    on[box.dataset.layerGroup] = box.checked;
  }
  return on;
}

// Room around fitted bounds; on a wide screen, keep them clear of the side panel.
function viewPadding() {
  const panel = document.querySelector('.gb-panel');
  const wide = window.innerWidth > 600 && panel;
  return { top: 40, bottom: 40, right: 60, left: wide ? panel.offsetWidth + 40 : 40 };
}

function setState(state) {
  document.documentElement.dataset.gridbeat = state;
}

function setCount(id, text) {
  const cell = document.querySelector(`[data-count="${id}"]`);
  if (cell) {
    cell.textContent = text;
  }
}

/** Shows the message `key` (with `vars`) in the status line, or clears it for null. */
function setStatus(key, vars = {}, isError = false) {
  status = key ? { key, vars, isError } : null;
  statusLine.textContent = key ? t(key, vars) : '';
  statusLine.hidden = !key;
  statusLine.classList.toggle('gb-error', isError);
}

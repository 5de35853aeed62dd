// gridbeat web map: who answers for which place, on an offline MapLibre map.
//
// Loads every layer from the gridbeat server's OGC API – Features endpoints, fits the
// view to the jurisdictions, answers clicks with `/api/v1/lookup`, and finds villages by
// name or code. Nothing is loaded from any other host. `window.gridbeatMap` is the
// MapLibre map, and `window.gridbeat.ready` settles once every layer has loaded; the
// browser test relies on both.

import { GridbeatApi } from './js/api.js';
import { featuresBounds } from './js/bounds.js';
import { paintGrids } from './js/colour.js';
import { renderError, renderLookup, renderPending } from './js/lookup-view.js';
import { attachSearch } from './js/search.js';
import {
  LAYER, LAYER_GROUPS, SOURCES, addStyleImages, mapStyle, selectedGridFilter,
} from './js/style.js';

const maplibregl = globalThis.maplibregl;
const api = new GridbeatApi(window.location.href);
const statusLine = document.getElementById('status');

const map = new maplibregl.Map({
  container: 'map',
  style: mapStyle(),
  // China, until the jurisdictions arrive and the view fits them.
  center: [104, 35],
  zoom: 3,
  attributionControl: false,
  dragRotate: false,
  pitchWithRotate: false,
  touchPitch: false,
});
map.touchZoomRotate.disableRotation();
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');

const styleLoaded = new Promise((resolve) => {
  map.once('load', () => {
    addStyleImages(map);
    resolve();
  });
});

// The collections as loaded, by source id: what the view fits to.
const loadedData = {};
let fitted = false;

// Once the user has moved the map, a late-arriving layer must not yank the view away.
let userMoved = false;
map.on('movestart', (event) => {
  if (event.originalEvent) {
    userMoved = true;
  }
});

const lookup = lookupPopup();
map.on('click', (event) => {
  const { lng, lat } = event.lngLat.wrap();
  lookup.open(lng, lat);
});

attachSearch({
  input: document.getElementById('search'),
  list: document.getElementById('search-results'),
  api,
  onPick: (feature, [lon, lat]) => {
    userMoved = true;
    map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 14) });
    lookup.open(lon, lat);
  },
});

attachLegend();
showAttribution();
const ready = loadLayers();

window.gridbeatMap = map;
window.gridbeat = { map, ready, layers: LAYER };

/**
 * Loads every collection into its source. Resolves to 'ready' once all are in, or to
 * 'error' when one failed (the status line then says which and why).
 */
async function loadLayers() {
  document.documentElement.dataset.gridbeat = 'loading';
  setStatus('加载中… Loading layers');

  const results = await Promise.allSettled(SOURCES.map((id) => loadCollection(id)));
  const failed = results
    .map((result, index) => [SOURCES[index], result])
    .filter(([, result]) => result.status === 'rejected');

  if (failed.length > 0) {
    document.documentElement.dataset.gridbeat = 'error';
    const text = failed.map(([id, r]) => `${id}: ${r.reason?.message ?? r.reason}`);
    setStatus(`加载失败 Failed to load — ${text.join('; ')}`, true);
    return 'error';
  }

  fitToData();
  document.documentElement.dataset.gridbeat = 'ready';
  setStatus('');
  return 'ready';
}

async function loadCollection(id) {
  const collection = await api.collection(id, {
    onPage: (features, page) => {
      const total = Number.isFinite(page.numberMatched) ? `/${page.numberMatched}` : '';
      setCount(id, `${features.length}${total}`);
    },
  });

  if (id === 'grids') {
    paintGrids(collection.features);
  }
  await styleLoaded;
  loadedData[id] = collection;
  map.getSource(id).setData(collection);
  setCount(id, String(collection.features.length));

  if (id === 'jurisdictions') {
    fitToData();
  }
  return collection;
}

// Fits the view to the jurisdictions, or to the grids when there are none.
function fitToData() {
  if (fitted || userMoved) {
    return;
  }
  const loaded = (id) => loadedData[id]?.features ?? [];
  const bounds = featuresBounds(loaded('jurisdictions')) ?? featuresBounds(loaded('grids'));
  if (bounds) {
    fitted = true;
    map.fitBounds(bounds, { padding: viewPadding(), animate: false });
  }
}

// Room around fitted bounds; on a wide screen, keep them clear of the side panel.
function viewPadding() {
  const panel = document.querySelector('.gb-panel');
  const wide = window.innerWidth > 600 && panel;
  return { top: 40, bottom: 40, right: 60, left: wide ? panel.offsetWidth + 40 : 40 };
}

/** One popup for lookups; a newer click supersedes an answer still on its way. */
function lookupPopup() {
  // Every map click opens a lookup, so the popup must not also close itself on one.
  const popup = new maplibregl.Popup({
    maxWidth: '340px',
    closeOnClick: false,
    focusAfterOpen: false,
  });
  popup.on('close', () => map.setFilter(LAYER.gridSelected, selectedGridFilter(null)));
  let latest = 0;

  async function open(lon, lat) {
    const request = ++latest;
    popup.setLngLat([lon, lat]).setDOMContent(renderPending(lon, lat)).addTo(map);

    try {
      const answer = await api.lookup(lon, lat);
      if (request === latest) {
        popup.setDOMContent(renderLookup(answer, lon, lat));
        map.setFilter(LAYER.gridSelected, selectedGridFilter(answer.grid?.id ?? null));
      }
    } catch (error) {
      if (request === latest) {
        popup.setDOMContent(renderError(error.message, lon, lat));
        map.setFilter(LAYER.gridSelected, selectedGridFilter(null));
      }
    }
  }
  return { open };
}

/** The legend's check boxes show and hide layer groups. */
function attachLegend() {
  for (const box of document.querySelectorAll('input[data-layer-group]')) {
    box.addEventListener('change', async () => {
      await styleLoaded;
      const visibility = box.checked ? 'visible' : 'none';
      for (const layer of LAYER_GROUPS[box.dataset.layerGroup] ?? []) {
        map.setLayoutProperty(layer, 'visibility', visibility);
      }
    });
  }
}

/** Puts the dataset's attribution in the attribution control, and its title on top. */
async function showAttribution() {
  let dataset = null;
  try {
    dataset = await api.dataset();
  } catch (error) {
    console.warn('gridbeat: no dataset metadata:', error.message);
  }

  const customAttribution = dataset?.attribution || undefined;
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution }));
  if (dataset?.title) {
    document.getElementById('dataset-title').textContent = dataset.title;
    document.title = `${dataset.title} · gridbeat`;
  }
}

function setCount(id, text) {
  const cell = document.querySelector(`[data-count="${id}"]`);
  if (cell) {
    cell.textContent = text;
  }
}

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.hidden = text === '';
  statusLine.classList.toggle('gb-error', isError);
}

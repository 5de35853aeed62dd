// The Gaps panel: one switch per gap kind, highlighting that kind's offending features on
// the map with its summary counts, and a coverage table by jurisdiction whose rows zoom the
// map to the jurisdiction.

import { featuresBounds } from './bounds.js';
import {
  DEFAULT_MAX_KM, DEFAULT_MAX_MINUTES, GAP_KINDS, coverageRows, gapLayerIds, gapLayers, gapSource, gapSourceId,
  gapSummary,
} from './gaps.js';
import { translator } from './i18n.js';
import { bboxBounds } from './style.js';

/**
 * Wires the panel under `root` to `map`. `getT()` gives the current translator and
 * `padding()` the room to keep around fitted bounds. Returns `refresh()` (redraw after a
 * language change) and `state` (per kind: `{ status, collection }`, for tests).
 */
export function attachGaps({ root, map, api, getT = () => translator('zh'), padding = () => 40 }) {
  const maxKm = root.querySelector('[data-gap-param="max_km"]');
  const metric = root.querySelector('[data-gap-param="metric"]');
  const maxMinutes = root.querySelector('[data-gap-param="max_minutes"]');
  const tbody = root.querySelector('[data-coverage-rows]');
  const coverageNote = root.querySelector('[data-coverage-note]');
  // kind → { status: 'loading' | 'done' | 'error', collection, message, request }.
  const state = {};
  let requests = 0;
  let coverage = null;

  const summaryNode = (kind) => root.querySelector(`[data-gap-summary="${kind}"]`);

  const drawSummary = (kind) => {
    const node = summaryNode(kind);
    const shown = state[kind];
    if (!node) {
      return;
    }
    node.hidden = !shown;
    node.classList.toggle('gb-error', shown?.status === 'error');
    node.dataset.state = shown?.status ?? '';
    node.dataset.count = shown?.status === 'done' ? String(shown.collection.features.length) : '';
    node.textContent = !shown ? ''
      : shown.status === 'loading' ? getT()('gaps.loading')
        : shown.status === 'error' ? getT()('gaps.failed', { message: shown.message })
          : gapSummary(kind, shown.collection.summary, getT());
  };

  const removeLayers = (kind) => {
    for (const id of Object.values(gapLayerIds(kind))) {
      if (map.getLayer(id)) {
        map.removeLayer(id);
      }
    }
    if (map.getSource(gapSourceId(kind))) {
      map.removeSource(gapSourceId(kind));
    }
  };

  const show = async (kind) => {
    const request = ++requests;
    state[kind] = { status: 'loading', request };
    drawSummary(kind);
    try {
      const options = {
        maxKm: maxKm?.value, metric: metric?.value, maxMinutes: maxMinutes?.value,
      };
      const collection = await api.gaps(kind, options);
      if (state[kind]?.request !== request) {
        return;
      }
      removeLayers(kind);
      map.addSource(gapSourceId(kind), gapSource(kind, options, window.location.origin));
      for (const layer of gapLayers(kind)) {
        map.addLayer(layer);
      }
      state[kind] = { status: 'done', request, collection };
    } catch (error) {
      if (state[kind]?.request !== request) {
        return;
      }
      state[kind] = { status: 'error', request, message: error.message };
    }
    drawSummary(kind);
  };

  const hide = (kind) => {
    delete state[kind];
    removeLayers(kind);
    drawSummary(kind);
  };

  for (const box of root.querySelectorAll('input[data-gap-kind]')) {
    const kind = box.dataset.gapKind;
    if (!GAP_KINDS.includes(kind)) {
      continue;
    }
    box.addEventListener('change', () => (box.checked ? show(kind) : hide(kind)));
    if (box.checked) {
      show(kind);
    }
  }
  // The limit that does not apply to the chosen metric is hidden.
  const showLimits = () => {
    const travel = metric?.value === 'travel';
    maxKm?.closest('label')?.toggleAttribute('hidden', travel);
    maxMinutes?.closest('label')?.toggleAttribute('hidden', !travel);
  };
  if (maxKm) {
    maxKm.value ||= String(DEFAULT_MAX_KM);
  }
  if (maxMinutes) {
    maxMinutes.value ||= String(DEFAULT_MAX_MINUTES);
  }
  for (const input of [maxKm, metric, maxMinutes].filter(Boolean)) {
    input.addEventListener('change', () => {
      showLimits();
      if (state.distance) {
        show('distance');
      }
    });
  }
  showLimits();

  const zoomTo = async (row) => {
    let bounds = bboxBounds(row.bbox);
    if (!bounds) {
      const feature = await api.jurisdiction(row.id);
      bounds = featuresBounds([feature]);
    }
    if (bounds) {
      map.fitBounds(bounds, { padding: padding(), maxZoom: 14 });
    }
  };

  const drawCoverage = () => {
    if (!tbody) {
      return;
    }
    const t = getT();
    tbody.replaceChildren();
    if (coverageNote) {
      coverageNote.hidden = coverage?.status === 'done';
      coverageNote.classList.toggle('gb-error', coverage?.status === 'error');
      coverageNote.textContent = coverage?.status === 'error'
        ? t('gaps.failed', { message: coverage.message }) : t('gaps.loading');
    }
    if (coverage?.status !== 'done') {
      return;
    }
    for (const row of coverage.rows) {
      const tr = document.createElement('tr');
      tr.dataset.jurisdiction = row.id;
      tr.tabIndex = 0;
      tr.title = t('coverage.zoom');
      for (const text of [row.name, row.villages, row.grids]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        tr.append(cell);
      }
      const go = () => zoomTo(row).catch((error) => {
        console.warn('gridbeat: cannot zoom to jurisdiction:', error.message);
      });
      tr.addEventListener('click', go);
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          go();
        }
      });
      tbody.append(tr);
    }
  };

  const loadCoverage = async () => {
    if (coverage && coverage.status !== 'error') {
      return;
    }
    coverage = { status: 'loading' };
    drawCoverage();
    try {
      coverage = { status: 'done', rows: coverageRows(await api.coverage()) };
    } catch (error) {
      coverage = { status: 'error', message: error.message };
    }
    drawCoverage();
  };

  // The table is asked for when the panel is first opened.
  if (root.open) {
    loadCoverage();
  }
  root.addEventListener('toggle', () => {
    if (root.open) {
      loadCoverage();
    }
  });

  return {
    state,
    refresh() {
      for (const kind of GAP_KINDS) {
        drawSummary(kind);
      }
      drawCoverage();
    },
  };
}

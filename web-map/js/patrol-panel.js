// The Patrol panel: pick an officer, gather stops (the officer's villages, or points clicked
// on the map), plan the patrol on the road network, see it on the map, download it as GPX,
// KML, GeoJSON or CSV, and show the service area of the officer's office.

import { featuresBounds } from './bounds.js';
import {
  EXPORT_FORMATS, ISOCHRONE_SOURCE, MAX_STOPS, PATROL_SOURCE, PICKED_SOURCE, downloadName,
  exportPath, isochroneLayers, isochronePath, patrolBody, patrolCollection, patrolLayers,
  patrolSummary, pickedCollection, serviceAreasPath,
} from './patrol.js';

/**
 * Wires the panel under `root` to `map`. `getT()` gives the current translator and
 * `padding()` the room to keep around fitted bounds. Returns `state` (for tests),
 * `picking()` (whether a map click adds a stop rather than asking who is responsible) and
 * `refresh()` (redraw after a language change).
 */
export function attachPatrol({ root, map, api, getT, padding }) {
  const $ = (selector) => root.querySelector(selector);
  const officerSelect = $('[data-patrol-officer]');
  const profileSelect = $('[data-patrol-profile]');
  const returnBox = $('[data-patrol-return]');
  const officersInput = $('[data-patrol-officers]');
  const pickBox = $('[data-patrol-pick]');
  const stopsNote = $('[data-patrol-stops]');
  const planButton = $('[data-patrol-plan]');
  const summary = $('[data-patrol-summary]');
  const downloads = $('[data-patrol-downloads]');
  const routeSelect = $('[data-patrol-route]');
  const minutesInput = $('[data-isochrone-minutes]');
  const isochroneNote = $('[data-isochrone-summary]');

  const state = {
    officers: [],
    stops: [],
    status: 'idle',
    answer: null,
    body: null,
    message: null,
    isochrone: null,
    downloads: [],
  };
  let requests = 0;

  // Sets a source's data, adding the source and its layers the first time (below the
  // layer `before` when it exists).
  const setData = (source, data, layers, before) => {
    const existing = map.getSource(source);
    if (existing) {
      existing.setData(data);
      return;
    }
    map.addSource(source, { type: 'geojson', data });
    for (const layer of layers) {
      map.addLayer(layer, before && map.getLayer(before) ? before : undefined);
    }
  };
  const patrolLayerList = patrolLayers();
  const showPicked = () => setData(PICKED_SOURCE, pickedCollection(state.stops),
    patrolLayerList.filter((l) => l.source === PICKED_SOURCE));
  const showPatrol = (collection) => setData(PATROL_SOURCE, collection,
    patrolLayerList.filter((l) => l.source === PATROL_SOURCE));

  const fit = (features) => {
    const bounds = featuresBounds(features);
    if (bounds) {
      map.fitBounds(bounds, { padding: padding(), maxZoom: 15, duration: 0 });
    }
  };

  const draw = () => {
    const t = getT();
    stopsNote.textContent = t('patrol.stops', { count: state.stops.length });
    planButton.disabled = state.status === 'loading' || !officerSelect.value
      || state.stops.length === 0;
    summary.classList.toggle('gb-error', state.status === 'error');
    summary.replaceChildren();
    const lines = state.status === 'done' ? patrolSummary(state.answer.plan, t)
      : state.status === 'loading' ? [t('gaps.loading')]
        : state.status === 'error' ? [t('gaps.failed', { message: state.message })] : [];
    for (const line of lines) {
      const p = document.createElement('p');
      p.textContent = line;
      summary.append(p);
    }
    summary.dataset.state = state.status;
    downloads.hidden = state.status !== 'done' || state.answer.plan.served === 0;
    routeSelect.replaceChildren();
    for (const route of state.answer?.plan?.routes ?? []) {
      if (route.stops.length > 0) {
        const option = document.createElement('option');
        option.value = String(route.officer);
        option.textContent = t('patrol.route-option', { officer: route.officer + 1 });
        routeSelect.append(option);
      }
    }
    routeSelect.hidden = routeSelect.options.length < 2;
    const area = state.isochrone;
    isochroneNote.classList.toggle('gb-error', area?.status === 'error');
    isochroneNote.textContent = !area ? ''
      : area.status === 'loading' ? t('gaps.loading')
        : area.status === 'error' ? t('gaps.failed', { message: area.message })
          : area.office === null
            ? t('patrol.isochrone-all-done', {
              minutes: area.minutes, count: area.area.features.length,
            })
            : t('patrol.isochrone-done', { minutes: area.minutes, office: area.office });
  };

  const officer = () => state.officers.find((o) => o.id === officerSelect.value);

  const loadOfficers = async () => {
    if (state.officers.length > 0) {
      return;
    }
    try {
      const page = await api.json('/ogc/collections/officers/items?role=community&limit=10000');
      state.officers = (page.features ?? []).map((f) => f.properties)
        .sort((a, b) => String(a.name).localeCompare(String(b.name), 'zh'));
    } catch (error) {
      state.status = 'error';
      state.message = error.message;
    }
    for (const o of state.officers) {
      const option = document.createElement('option');
      option.value = o.id;
      option.textContent = `${o.name} · ${o.office_name ?? o.office_id}`;
      officerSelect.append(option);
    }
    draw();
  };

  const addVillages = async () => {
    const chosen = officer();
    if (!chosen) {
      return;
    }
    const params = new URLSearchParams({ officer_id: chosen.id, limit: String(MAX_STOPS) });
    try {
      const page = await api.json(`/ogc/collections/villages/items?${params}`);
      const known = new Set(state.stops.map((s) => s.village).filter(Boolean));
      for (const f of page.features ?? []) {
        if (!known.has(f.id) && state.stops.length < MAX_STOPS) {
          state.stops.push({ village: f.id, name: f.properties.name,
            coordinates: f.geometry.coordinates });
        }
      }
    } catch (error) {
      state.status = 'error';
      state.message = error.message;
    }
    showPicked();
    fit(pickedCollection(state.stops).features);
    draw();
  };

  const plan = async () => {
    const request = ++requests;
    let body;
    try {
      body = patrolBody({
        officerId: officerSelect.value,
        stops: state.stops,
        profile: profileSelect.value,
        returnToStart: returnBox.checked,
        officers: officersInput.value,
      });
    } catch (error) {
      Object.assign(state, { status: 'error', message: error.message });
      draw();
      return;
    }
    Object.assign(state, { status: 'loading', body, answer: null });
    draw();
    try {
      const answer = await api.post('/api/v1/patrols', body);
      if (request !== requests) {
        return;
      }
      Object.assign(state, { status: 'done', answer });
      const collection = patrolCollection(answer);
      showPatrol(collection);
      fit(collection.features);
    } catch (error) {
      if (request === requests) {
        Object.assign(state, { status: 'error', message: error.message });
      }
    }
    draw();
  };

  const download = async (format) => {
    const officerIndex = routeSelect.value || '0';
    try {
      const file = await api.postForFile(exportPath(format, officerIndex), state.body);
      const name = downloadName(file.disposition, format);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(file.blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      state.downloads.push({ format, name, bytes: file.blob.size });
    } catch (error) {
      Object.assign(state, { status: 'error', message: error.message });
      draw();
    }
  };

  const showIsochrone = async () => {
    const chosen = officer();
    if (!chosen) {
      return;
    }
    const minutes = Number(minutesInput.value);
    state.isochrone = { status: 'loading' };
    draw();
    try {
      const path = isochronePath(chosen.office_id, minutes, profileSelect.value);
      const area = await api.json(path);
      // Under the patrol, so the route stays readable.
      setData(ISOCHRONE_SOURCE, area, isochroneLayers(), patrolLayerList[0].id);
      state.isochrone = {
        status: 'done', minutes, office: chosen.office_name ?? chosen.office_id, area,
      };
      fit([area]);
    } catch (error) {
      state.isochrone = { status: 'error', message: error.message };
    }
    draw();
  };

  // Every office's service area at once, for a view of what the offices reach together.
  const showAllAreas = async () => {
    const minutes = Number(minutesInput.value);
    state.isochrone = { status: 'loading' };
    draw();
    try {
      const areas = await api.json(serviceAreasPath(minutes, profileSelect.value));
      setData(ISOCHRONE_SOURCE, areas, isochroneLayers(), patrolLayerList[0].id);
      state.isochrone = { status: 'done', minutes, office: null, area: areas };
      fit(areas.features);
    } catch (error) {
      state.isochrone = { status: 'error', message: error.message };
    }
    draw();
  };

  officerSelect.addEventListener('change', () => {
    state.stops = [];
    showPicked();
    draw();
  });
  $('[data-patrol-villages]').addEventListener('click', addVillages);
  $('[data-patrol-clear]').addEventListener('click', () => {
    state.stops = [];
    state.status = 'idle';
    state.answer = null;
    showPicked();
    showPatrol(patrolCollection(null));
    draw();
  });
  planButton.addEventListener('click', plan);
  for (const button of root.querySelectorAll('button[data-patrol-export]')) {
    if (EXPORT_FORMATS.includes(button.dataset.patrolExport)) {
      button.addEventListener('click', () => download(button.dataset.patrolExport));
    }
  }
  $('[data-isochrone]').addEventListener('click', showIsochrone);
  $('[data-isochrone-all]').addEventListener('click', showAllAreas);

  map.on('click', (event) => {
    if (!pickBox.checked || state.stops.length >= MAX_STOPS) {
      return;
    }
    const { lng, lat } = event.lngLat.wrap();
    const n = state.stops.length + 1;
    state.stops.push({
      coordinates: [Number(lng.toFixed(6)), Number(lat.toFixed(6))],
      name: getT()('patrol.point', { n }),
    });
    showPicked();
    draw();
  });

  if (root.open) {
    loadOfficers();
  }
  root.addEventListener('toggle', () => {
    if (root.open) {
      loadOfficers();
    }
  });
  draw();

  return {
    state,
    picking: () => pickBox.checked,
    refresh: draw,
  };
}

// Unit tests of the map's pure modules and of the style template; no browser, no server.
//
//   node web-map/test/unit.test.mjs

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as styleSpec from '@maplibre/maplibre-gl-style-spec';

import { ApiError, GridbeatApi } from '../js/api.js';
import { featuresBounds } from '../js/bounds.js';
import {
  GAP_COLOR, GAP_KINDS, coverageRows, gapLayerIds, gapLayers, gapPath, gapSource, gapSourceId,
  gapSummary,
  percent,
} from '../js/gaps.js';
import {
  LANGUAGES, STORAGE_KEY, STRINGS, initialLanguage, loadLanguage, normalizeLanguage,
  saveLanguage, translate, translator,
} from '../js/i18n.js';
import { lookupSummary, sortOfficers } from '../js/lookup-view.js';
import {
  EXPORT_FORMATS, ISOCHRONE_SOURCE, PATROL_SOURCE, PICKED_SOURCE, downloadName, exportPath,
  isochroneLayers, isochronePath, patrolBody, patrolCollection, patrolLayers, patrolSummary,
  pickedCollection, serviceAreasPath,
} from '../js/patrol.js';
import { KINDS, matchDetail, villageLocation } from '../js/search.js';
import { TOKEN_KEY, authHeaders, loadToken, saveToken, tokenRequests } from '../js/token.js';
import {
  GROUPS, IMAGE_IDS, LABELS, LAYER, SOURCE, availableGroups, bboxBounds, groupLayers,
  isLabelLayer, layerGroup, layerVisible, pruneStyle, sourceTileLayers, styleImage,
} from '../js/style.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE = 'http://127.0.0.1:8080/';
const ORIGIN = 'http://127.0.0.1:8080';
const ALL_TILE_LAYERS = 'jurisdictions,grids,roads,villages,stations,offices,officers';

// The template as the server fills it in (web-map/style.json → GET /style.json).
const TEMPLATE = readFileSync(path.join(HERE, '..', 'style.json'), 'utf8');
function servedStyle(tileLayers = ALL_TILE_LAYERS) {
  return JSON.parse(TEMPLATE.replaceAll('{{origin}}', ORIGIN).replaceAll('{{tile_layers}}', tileLayers));
}

// A fetch stand-in answering from `routes` (path + query → [status, body]).
function fakeFetch(routes, seen = []) {
  return async (href) => {
    const url = new URL(href);
    seen.push(url.pathname + url.search);
    const [status, body] = routes[url.pathname + url.search] ?? [404, { error: 'not found' }];
    return {
      ok: status >= 200 && status < 300,
      status,
      json: async () => body,
    };
  };
}

const point = (id, lon, lat) => ({
  type: 'Feature',
  properties: { id },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

describe('api', () => {
  it('refuses URLs on another host', async () => {
    const api = new GridbeatApi(BASE, fakeFetch({}));
    await assert.rejects(api.json('http://tiles.example.org/style.json'), /another host/);
    assert.equal(api.styleUrl(), `${ORIGIN}/style.json`);
  });

  it('reports the server error message of a 4xx', async () => {
    const api = new GridbeatApi(BASE, fakeFetch({
      '/api/v1/lookup?lon=200.000000&lat=1.000000': [400, { error: 'lon out of range' }],
    }));
    await assert.rejects(api.lookup(200, 1), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 400);
      assert.equal(error.message, 'lon out of range');
      return true;
    });
  });

  it('encodes the search text', async () => {
    const seen = [];
    const api = new GridbeatApi(BASE, fakeFetch({}, seen));
    await api.searchVillages('城关 村').catch(() => {});
    assert.equal(
      decodeURIComponent(seen[0].replaceAll('+', ' ')),
      '/ogc/collections/villages/items?q=城关 村&limit=20',
    );
  });
});

describe('i18n', () => {
  it('has the same keys in every language, none empty', () => {
    const keys = (lang) => Object.keys(STRINGS[lang]).sort();
    for (const lang of LANGUAGES) {
      assert.deepEqual(keys(lang), keys(LANGUAGES[0]), `keys of ${lang}`);
      assert.ok(Object.values(STRINGS[lang]).every((text) => text.trim().length > 0));
    }
  });

  it('translates, fills placeholders and falls back to Chinese', () => {
    assert.equal(translate('en', 'layers.title'), 'Layers');
    assert.equal(translate('zh', 'layers.title'), '图层');
    assert.equal(translate('en', 'status.failed', { message: 'HTTP 500' }),
      'The map failed to load: HTTP 500');
    assert.equal(translate('fr', 'layers.title'), '图层');
    assert.equal(translate('en', 'no.such.key'), 'no.such.key');
  });

  it('starts in the stored language, else Chinese', () => {
    assert.equal(normalizeLanguage('en-GB'), 'en');
    assert.equal(normalizeLanguage('zh_CN'), 'zh');
    assert.equal(normalizeLanguage('fr'), null);
    assert.equal(initialLanguage('en'), 'en');
    assert.equal(initialLanguage(null), 'zh');
    assert.equal(initialLanguage('de'), 'zh');
  });

  it('remembers the choice, and survives storage that refuses', () => {
    const store = new Map();
    const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
    saveLanguage('en', storage);
    assert.equal(store.get(STORAGE_KEY), 'en');
    assert.equal(loadLanguage(storage), 'en');

    const broken = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('denied'); },
    };
    assert.equal(loadLanguage(broken), null);
    assert.doesNotThrow(() => saveLanguage('en', broken));
  });
});

describe('lookup view', () => {
  const officers = [
    { id: 'x', name: '辅警甲', role: 'auxiliary' },
    { id: 'b', name: '民警乙', role: 'community' },
    { id: 'a', name: '民警甲', role: 'community' },
  ];

  it('lists the grid officer first, then community, then auxiliary', () => {
    const sorted = sortOfficers(officers, 'a');
    assert.deepEqual(sorted.map((o) => o.id), ['a', 'b', 'x']);
    assert.deepEqual(sorted.map((o) => o.primary), [true, false, false]);
  });

  it('follows the server\'s primary flag', () => {
    const flagged = officers.map((o) => ({ ...o, primary: o.id === 'b' }));
    assert.deepEqual(sortOfficers(flagged, 'a').map((o) => o.id), ['b', 'a', 'x']);
  });

  it('takes the first community officer only when the grid does not say', () => {
    assert.deepEqual(sortOfficers(officers, undefined).map((o) => o.id), ['b', 'a', 'x']);
    assert.deepEqual(sortOfficers(officers, null).map((o) => o.primary), [false, false, false]);
    assert.deepEqual(sortOfficers(null, null), []);
  });

  it('summarises an answer with role labels in either language', () => {
    const answer = {
      covered: true,
      jurisdiction: { id: 'j', name: '中原区' },
      grid: { id: 'g', code: 'G1', officer_id: 'a' },
      village: null,
      office: { id: 'o', name: '第1警务室' },
      station: { id: 's', name: '城关派出所' },
      officers,
    };
    const summary = lookupSummary(answer);
    assert.equal(summary.covered, true);
    assert.equal(summary.noPrimary, false);
    assert.deepEqual(summary.rows.map((r) => r.value), ['中原区', 'G1', null, '第1警务室', '城关派出所']);
    assert.deepEqual(summary.officers.map((o) => o.roleLabel), ['社区民警', '社区民警', '辅警']);

    const english = lookupSummary(answer, translator('en'));
    assert.deepEqual(english.rows.map((r) => r.label),
      ['Jurisdiction', 'Grid', 'Village', 'Office', 'Station']);
    assert.equal(english.officers[2].roleLabel, 'Auxiliary');
  });

  it('says so when a covered grid has no officer, even with auxiliaries', () => {
    const summary = lookupSummary({
      covered: true,
      grid: { id: 'g', code: 'G2', officer_id: null },
      officers: [{ id: 'x', name: '辅警甲', role: 'auxiliary', primary: false }],
    });
    assert.equal(summary.noPrimary, true);
    assert.deepEqual(summary.officers.map((o) => o.name), ['辅警甲']);
  });

  it('summarises an uncovered point', () => {
    const summary = lookupSummary({ covered: false, officers: [] });
    assert.equal(summary.covered, false);
    assert.equal(summary.noPrimary, false);
    assert.ok(summary.rows.every((r) => r.value === null));
    assert.deepEqual(summary.officers, []);
  });
});

describe('style template', () => {
  const style = servedStyle();
  const layers = style.layers;

  it('is a valid MapLibre style once the server fills it in', () => {
    assert.deepEqual(styleSpec.validateStyleMin(style), []);
    assert.deepEqual(styleSpec.validateStyleMin(servedStyle('jurisdictions,grids')), []);
  });

  it('reads vector tiles from the server only, the data set\'s layers through TileJSON', () => {
    assert.ok(TEMPLATE.includes('"{{origin}}/tiles/{{tile_layers}}"'));
    assert.deepEqual(Object.keys(style.sources).sort(), ['gridbeat', 'jurisdiction-names']);
    assert.equal(style.sources[SOURCE].type, 'vector');
    assert.equal(style.sources[SOURCE].url, `${ORIGIN}/tiles/${ALL_TILE_LAYERS}`);
    // Jurisdiction names come from zoom-6 tiles, so that most are placed once.
    const names = style.sources['jurisdiction-names'];
    assert.equal(names.type, 'vector');
    assert.deepEqual(names.tiles, [`${ORIGIN}/tiles/jurisdictions/{z}/{x}/{y}`]);
    assert.equal(names.maxzoom, 6);
    const read = new Set(layers.filter((l) => l.source).map((l) => l['source-layer']));
    for (const tileLayer of read) {
      assert.ok(ALL_TILE_LAYERS.split(',').includes(tileLayer), `unknown tile layer ${tileLayer}`);
    }
  });

  it('starts with the background layer, for the server\'s basemap to go above', () => {
    assert.equal(layers[0].id, LAYER.background);
    assert.equal(layers[0].type, 'background');
  });

  it('loads nothing from anywhere but the server: no glyphs, no sprite, no other URL', () => {
    assert.equal(style.glyphs, undefined);
    assert.equal(style.sprite, undefined);
    const urls = [...TEMPLATE.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^"\s]*/gi)].map((m) => m[0]);
    assert.deepEqual(urls, [], 'URLs in the template');
  });

  it('draws text with a local font stack on every text layer, all marked as labels', () => {
    const text = layers.filter((l) => l.layout?.['text-field']);
    assert.ok(text.length >= 5);
    for (const layer of text) {
      assert.deepEqual(layer.layout['text-font'], ['sans-serif'], layer.id);
      assert.ok(isLabelLayer(layer), `${layer.id} is not marked as a label`);
    }
    assert.ok(layers.filter(isLabelLayer).every((l) => l.layout?.['text-field']));
  });

  it('puts every layer but the background in a switcher group', () => {
    for (const layer of layers.slice(1)) {
      assert.ok(GROUPS.includes(layerGroup(layer)), `${layer.id} has no known group`);
    }
    const groups = groupLayers(layers);
    assert.ok(groups.grids.includes(LAYER.gridFill));
    assert.ok(groups.grids.includes(LAYER.gridLabel));
    assert.ok(groups.villages.includes(LAYER.village));
    for (const id of Object.values(LAYER)) {
      assert.ok(id === LAYER.basemap || layers.some((l) => l.id === id), `no layer ${id}`);
    }
  });

  it('uses only the images the page draws', () => {
    const used = layers.flatMap((l) => [l.paint?.['fill-pattern'], l.layout?.['icon-image']])
      .filter(Boolean);
    assert.ok(used.length > 0);
    for (const id of used) {
      assert.ok(IMAGE_IDS.includes(id), `image ${id} is not drawn by js/style.js`);
    }
    const hatch = styleImage('gb-hatch');
    assert.equal(hatch.image.data.length, hatch.image.width * hatch.image.height * 4);
    assert.equal(styleImage('nope'), null);
  });

  it('colours grids by officer, the same officer alike, none grey', () => {
    const layer = layers.find((l) => l.id === LAYER.gridFill);
    const parsed = styleSpec.expression.createPropertyExpression(
      layer.paint['fill-color'],
      styleSpec.latest.paint_fill['fill-color'],
    );
    assert.equal(parsed.result, 'success');
    const colour = (properties) => parsed.value.evaluate({ zoom: 10 }, { properties }).toString();

    const grey = 'rgba(158,158,158,1)';
    assert.equal(colour({ status: 'unassigned', officer_id: null }), grey);
    assert.equal(colour({ status: 'unassigned' }), grey);
    assert.equal(colour({ status: 'assigned', officer_id: 'p-00001' }),
      colour({ status: 'assigned', officer_id: 'p-00001', office_id: 'other' }));

    // Officer ids as the shipped sets have them: p-00001, p-00006, … Close ids must get
    // visibly different colours, spread over the colour wheel.
    const ids = Array.from({ length: 24 }, (_, i) => `p-${String(1 + 5 * i).padStart(5, '0')}`);
    const colours = ids.map((id) => colour({ status: 'assigned', officer_id: id }));
    assert.ok(colours.every((c) => c !== grey));
    assert.ok(new Set(colours).size >= 22, `colours repeat: ${colours}`);
    const hue = (rgba) => {
      const [r, g, b] = rgba.match(/[\d.]+/g).map(Number);
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max === min) return 0;
      const h = max === r ? (g - b) / (max - min) : max === g ? 2 + (b - r) / (max - min)
        : 4 + (r - g) / (max - min);
      return (h * 60 + 360) % 360;
    };
    const sextants = new Set(colours.map((c) => Math.floor(hue(c) / 60)));
    assert.ok(sextants.size >= 5, `hues bunched: ${colours}`);
  });
});

describe('style helpers', () => {
  it('finds the tile layers in the source URL', () => {
    assert.deepEqual(sourceTileLayers(servedStyle('grids,villages')), ['grids', 'villages']);
    assert.equal(sourceTileLayers({ sources: {} }), null);
  });

  it('drops the layers of tile layers the data set lacks', () => {
    const full = servedStyle();
    const pruned = pruneStyle(servedStyle('jurisdictions,grids,villages,stations,offices,officers'));
    assert.ok(full.layers.some((l) => l['source-layer'] === 'roads'));
    assert.ok(!pruned.layers.some((l) => l['source-layer'] === 'roads'));
    assert.equal(pruned.layers[0].id, LAYER.background);
    assert.deepEqual(styleSpec.validateStyleMin(pruned), []);
    assert.equal(pruneStyle(full).layers.length, full.layers.length);
  });

  it('offers the groups that have tiles, and the basemap when the server added one', () => {
    const style = servedStyle();
    const withBasemap = [
      style.layers[0],
      { id: LAYER.basemap, type: 'raster', source: 'basemap' },
      ...style.layers.slice(1),
    ];
    assert.deepEqual(availableGroups(style.layers, ['grids', 'villages']), ['grids', 'villages']);
    assert.deepEqual(availableGroups(withBasemap, ALL_TILE_LAYERS.split(',')), GROUPS);
  });

  it('hides a group, and labels with the labels switch', () => {
    const layers = servedStyle().layers;
    const fill = layers.find((l) => l.id === LAYER.gridFill);
    const label = layers.find((l) => l.id === LAYER.gridLabel);
    assert.equal(layerVisible(fill, {}), true);
    assert.equal(layerVisible(fill, { grids: false }), false);
    assert.equal(layerVisible(fill, { [LABELS]: false }), true);
    assert.equal(layerVisible(label, { [LABELS]: false }), false);
    assert.equal(layerVisible(layers[0], { grids: false, [LABELS]: false }), true);
  });

  it('turns a bbox into bounds, refusing nonsense', () => {
    assert.deepEqual(bboxBounds([1.4, 42.4, 1.7, 42.6]), [[1.4, 42.4], [1.7, 42.6]]);
    assert.equal(bboxBounds([1, 2, 0, 3]), null);
    assert.equal(bboxBounds(null), null);
    assert.equal(bboxBounds([1, 2, 'x', 4]), null);
  });
});

describe('bounds', () => {
  it('covers nested and mixed geometries', () => {
    const square = {
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: [[[[1, 2], [3, 2], [3, 5], [1, 2]]]] },
    };
    assert.deepEqual(featuresBounds([square, point('p', -1, 4)]), [[-1, 2], [3, 5]]);
  });

  it('is null without coordinates', () => {
    assert.equal(featuresBounds([]), null);
    assert.equal(featuresBounds([{ type: 'Feature', geometry: null }]), null);
  });
});

describe('search', () => {
  it('flies to a point, or to the centre of a polygon', () => {
    assert.deepEqual(villageLocation(point('v', 113.6, 34.7)), [113.6, 34.7]);
    const polygon = {
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 4], [0, 0]]] },
    };
    assert.deepEqual(villageLocation(polygon), [1, 2]);
    assert.equal(villageLocation({ geometry: null }), null);
  });

  it('describes a match by code and kind in either language', () => {
    const props = { code: '410102001008', kind: 'urban_community' };
    assert.equal(matchDetail(props), '410102001008 · 社区');
    assert.equal(matchDetail(props, translator('en')), '410102001008 · community');
    assert.equal(matchDetail({ kind: 'farm' }), 'farm');
    for (const kind of KINDS) {
      assert.ok(STRINGS.en[`kind.${kind}`] && STRINGS.zh[`kind.${kind}`], kind);
    }
  });
});

describe('gaps', () => {
  it('asks for each kind on the server, max_km for distance only', async () => {
    assert.equal(gapPath('unassigned'), '/api/v1/gaps/unassigned');
    assert.equal(gapPath('distance', { maxKm: '7.5' }), '/api/v1/gaps/distance?max_km=7.5');
    assert.equal(gapPath('distance', { maxKm: '' }), '/api/v1/gaps/distance');
    assert.equal(gapPath('distance', { maxKm: '-1' }), '/api/v1/gaps/distance');
    assert.equal(gapPath('workload', { maxKm: 3 }), '/api/v1/gaps/workload');
    assert.equal(gapPath('distance', { metric: 'travel', maxMinutes: '12', maxKm: 3 }),
      '/api/v1/gaps/distance?metric=travel&max_minutes=12');
    assert.equal(gapPath('distance', { metric: 'travel', maxMinutes: '' }),
      '/api/v1/gaps/distance?metric=travel');
    assert.equal(gapPath('distance', { metric: 'straight', maxKm: 2, maxMinutes: 9 }),
      '/api/v1/gaps/distance?max_km=2');
    assert.equal(gapPath('workload', { metric: 'travel' }), '/api/v1/gaps/workload');
    assert.throws(() => gapPath('nonsense'), /unknown gap kind/);

    const seen = [];
    const body = { type: 'FeatureCollection', features: [], summary: { grids: 0 } };
    const api = new GridbeatApi(BASE, fakeFetch({
      '/api/v1/gaps/distance?max_km=2': [200, body],
      '/api/v1/coverage': [200, { jurisdictions: [] }],
      '/ogc/collections/jurisdictions/items/a%2Fb': [200, point('a/b', 1, 2)],
    }, seen));
    assert.deepEqual(await api.gaps('distance', { maxKm: 2 }), body);
    assert.deepEqual(await api.coverage(), { jurisdictions: [] });
    assert.equal((await api.jurisdiction('a/b')).properties.id, 'a/b');
  });

  it('highlights each kind from its own vector tiles, valid in the style spec', () => {
    const origin = 'http://127.0.0.1:8080';
    assert.deepEqual(gapSource('distance', { maxKm: 3 }, origin).tiles,
      [`${origin}/tiles/gaps/distance/{z}/{x}/{y}?max_km=3`]);
    assert.deepEqual(gapSource('partition', { maxKm: 3 }, origin).tiles,
      [`${origin}/tiles/gaps/partition/{z}/{x}/{y}`]);
    assert.throws(() => gapSource('nonsense'), /unknown gap kind/);
    for (const kind of GAP_KINDS) {
      const layers = gapLayers(kind);
      assert.deepEqual(layers.map((l) => l.id).sort(), Object.values(gapLayerIds(kind)).sort());
      const style = {
        version: 8,
        sources: { [gapSourceId(kind)]: gapSource(kind, {}, origin) },
        layers,
      };
      assert.deepEqual(styleSpec.validateStyleMin(style), [], kind);
      for (const layer of layers) {
        assert.equal(layer.source, gapSourceId(kind));
        assert.equal(layer['source-layer'], kind, 'the tile layer is named after the kind');
        const paint = Object.entries(layer.paint).find(([key]) => key.endsWith('-color'));
        assert.equal(paint[1], GAP_COLOR);
        assert.equal(layerGroup(layer), null, 'a gap layer must not follow a switcher group');
      }
    }
  });

  it('summarises each kind in either language', () => {
    const zh = translator('zh');
    const en = translator('en');
    const unassigned = { grids: 3, villages: 1200, offices: 0, officers: 2 };
    assert.equal(gapSummary('unassigned', unassigned, en),
      'Grids 3 · villages 1,200 · offices 0 · officers 2');
    assert.match(gapSummary('unassigned', unassigned, zh), /^网格 3 /);
    assert.match(gapSummary('distance', { beyond_own_office: 4, beyond_any_office: 1, villages_checked: 9 }, en),
      /own office 4 .* every office 1 \(of 9/);
    assert.match(gapSummary('partition', { holes: { count: 2 }, overlaps: { count: 0 }, outside: { count: 1 } }, en),
      /Holes 2 · overlaps 0 · outside 1/);
    assert.match(gapSummary('workload', { above: 1, below: 2, median: 3.25 }, zh), /偏高 1 · 偏低 2（中位数 3.3）/);
    assert.match(gapSummary('workload', {}, en), /Above – /);
  });

  it('lists coverage by jurisdiction name, as percentages, with the bbox', () => {
    const rows = coverageRows({
      jurisdictions: [
        { id: 'b', name: 'Ordino', village_rate: 1, grid_rate: 0.5, bbox: [1, 2, 3, 4] },
        { id: 'a', name: 'Canillo', village_rate: 0.123, grid_rate: null },
      ],
    });
    assert.deepEqual(rows.map((r) => r.id), ['a', 'b']);
    assert.deepEqual(rows[0], { id: 'a', name: 'Canillo', villages: '12.3%', grids: '–', bbox: null });
    assert.deepEqual(rows[1].bbox, [1, 2, 3, 4]);
    assert.equal(percent(0), '0.0%');
    assert.deepEqual(coverageRows(null), []);
  });
});

describe('patrol', () => {
  it('asks for a patrol from the officer\'s office over villages and map points', () => {
    const body = patrolBody({
      officerId: 'p-1',
      stops: [
        { village: 'v-1', name: 'Canillo', coordinates: [1.6, 42.5] },
        { coordinates: [1.5, 42.51], name: '地图点 2' },
      ],
      profile: 'foot',
      returnToStart: false,
      officers: '2',
    });
    assert.deepEqual(body, {
      start: { officer: 'p-1' },
      stops: [{ village: 'v-1' }, { coordinates: [1.5, 42.51], name: '地图点 2' }],
      profile: 'foot',
      return_to_start: false,
      officers: 2,
    });
    assert.equal(patrolBody({ officerId: 'p', stops: [{ village: 'v' }], officers: 'x' }).officers, 1);
    assert.throws(() => patrolBody({ officerId: '', stops: [{ village: 'v' }] }), /officer/);
    assert.throws(() => patrolBody({ officerId: 'p', stops: [] }), /stop/);
  });

  it('builds export and service-area paths, and names downloads', () => {
    assert.deepEqual(EXPORT_FORMATS, ['gpx', 'kml', 'geojson', 'csv']);
    assert.equal(exportPath('gpx', 1), '/api/v1/patrols/export?format=gpx&officer=1');
    assert.throws(() => exportPath('shp'), /unknown export format/);
    assert.equal(isochronePath('o 1', 10, 'foot'),
      '/api/v1/isochrone?office=o+1&minutes=10&profile=foot');
    assert.throws(() => isochronePath('o', 0), /positive/);
    assert.equal(serviceAreasPath(7), '/api/v1/service-areas?minutes=7&profile=car');
    assert.throws(() => serviceAreasPath('x'), /positive/);
    assert.equal(downloadName('attachment; filename="patrol-0.gpx"', 'gpx'), 'patrol-0.gpx');
    assert.equal(downloadName("attachment; filename*=UTF-8''%E5%B7%A1.kml", 'kml'), '巡.kml');
    assert.equal(downloadName(null, 'csv'), 'patrol.csv');
  });

  it('numbers stops in visiting order and draws valid layers', () => {
    const answer = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { kind: 'route', officer: 0 },
          geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } },
        { type: 'Feature', properties: { kind: 'stop', officer: 0, seq: 0 },
          geometry: { type: 'Point', coordinates: [3, 4] } },
        { type: 'Feature', properties: { kind: 'stop', officer: 0, seq: 1 },
          geometry: { type: 'Point', coordinates: [1, 2] } },
      ],
    };
    const labels = patrolCollection(answer).features.map((f) => f.properties.label);
    assert.deepEqual(labels, [undefined, '1', '2']);
    assert.deepEqual(patrolCollection(null).features, []);
    const picked = pickedCollection([{ coordinates: [1, 2], name: 'a' }, { coordinates: [3, 4] }]);
    assert.deepEqual(picked.features.map((f) => f.properties.label), ['1', '2']);

    const empty = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
    const style = {
      version: 8,
      glyphs: 'http://127.0.0.1:8080/fonts/{fontstack}/{range}.pbf',
      sources: { [PATROL_SOURCE]: empty, [PICKED_SOURCE]: empty, [ISOCHRONE_SOURCE]: empty },
      layers: [...isochroneLayers(), ...patrolLayers()],
    };
    assert.deepEqual(styleSpec.validateStyleMin(style), []);
    for (const layer of style.layers) {
      assert.equal(layerGroup(layer), null, 'a patrol layer must not follow a switcher group');
    }
  });

  it('summarises a plan per officer with the stops it could not serve', () => {
    const plan = {
      served: 3, stops: 4, total_distance_m: 12_345, longest_s: 1_860,
      routes: [
        { officer: 0, stops: [0, 2], distance_m: 8_000, duration_s: 1_860, end_at: '08:31:00' },
        { officer: 1, stops: [1], distance_m: 4_345, duration_s: 900, end_at: '08:15:00' },
        { officer: 2, stops: [], distance_m: 0, duration_s: 0, end_at: '08:00:00' },
      ],
      unserved: [{ index: 3, name: 'Far away', message: 'its window closes at 09:00:00' }],
    };
    assert.deepEqual(patrolSummary(plan, translator('en')), [
      '3 of 4 stops planned · 12.3 km · longest 31 min',
      'Officer 1: 2 stops · 8.0 km · 31 min · ends 08:31:00',
      'Officer 2: 1 stops · 4.3 km · 15 min · ends 08:15:00',
      'Not planned Far away: its window closes at 09:00:00',
    ]);
    assert.match(patrolSummary(plan, translator('zh'))[0], /^已安排 3\/4 个停靠点/);
    assert.deepEqual(patrolSummary(null), []);
  });

  it('posts JSON and takes files, with the server\'s error message on failure', async () => {
    const seen = [];
    const fetchFn = async (href, init) => {
      seen.push({ href, method: init.method, body: init.body });
      if (href.endsWith('/api/v1/patrols')) {
        return { ok: true, status: 200, json: async () => ({ plan: { served: 1 } }) };
      }
      if (href.includes('/export')) {
        return {
          ok: true,
          status: 200,
          blob: async () => new Blob(['<gpx/>']),
          headers: new Headers({ 'Content-Disposition': 'attachment; filename="p.gpx"' }),
        };
      }
      return { ok: false, status: 422, json: async () => ({ error: 'stops[0].village: unknown' }) };
    };
    const api = new GridbeatApi(BASE, fetchFn);
    assert.deepEqual(await api.post('/api/v1/patrols', { a: 1 }), { plan: { served: 1 } });
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].body, '{"a":1}');
    const file = await api.postForFile(exportPath('gpx'), { a: 1 });
    assert.equal(file.disposition, 'attachment; filename="p.gpx"');
    assert.equal(await file.blob.text(), '<gpx/>');
    await assert.rejects(api.post('/api/v1/nowhere', {}), (e) => e instanceof ApiError
      && e.status === 422 && /stops\[0\]/.test(e.message));
    await assert.rejects(api.post('http://elsewhere.example/x', {}), /another host/);
  });
});

describe('access token', () => {
  const memory = () => {
    const items = new Map();
    return {
      getItem: (k) => (items.has(k) ? items.get(k) : null),
      setItem: (k, v) => items.set(k, String(v)),
      removeItem: (k) => items.delete(k),
      items,
    };
  };

  it('is kept trimmed in storage and cleared by an empty one', () => {
    const storage = memory();
    assert.equal(loadToken(storage), null);
    assert.equal(saveToken('  abc123 ', storage), 'abc123');
    assert.equal(storage.items.get(TOKEN_KEY), 'abc123');
    assert.equal(loadToken(storage), 'abc123');
    assert.equal(saveToken('', storage), null);
    assert.equal(loadToken(storage), null);
    const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
    assert.equal(loadToken(broken), null);
    assert.equal(saveToken('x', broken), null);
  });

  it('goes with the page\'s own requests only', () => {
    assert.deepEqual(authHeaders(null), {});
    assert.deepEqual(authHeaders('t'), { Authorization: 'Bearer t' });
    const transform = tokenRequests(ORIGIN, 't');
    assert.deepEqual(transform(`${ORIGIN}/tiles/grids/1/2/3`),
      { url: `${ORIGIN}/tiles/grids/1/2/3`, headers: { Authorization: 'Bearer t' } });
    assert.deepEqual(transform('http://tiles.example/1/2/3.png'), { url: 'http://tiles.example/1/2/3.png' });
    assert.deepEqual(transform('not a url at all'), {
      url: 'not a url at all', headers: { Authorization: 'Bearer t' },
    }, 'a relative URL is the page\'s own');
    assert.deepEqual(tokenRequests(ORIGIN, null)(`${ORIGIN}/style.json`), { url: `${ORIGIN}/style.json` });
  });

  it('is sent by the API client on GETs and POSTs', async () => {
    const seen = [];
    const fetchFn = async (href, init) => {
      seen.push(init.headers.Authorization);
      return { ok: true, status: 200, json: async () => ({}) };
    };
    const api = new GridbeatApi(BASE, fetchFn, 'secret');
    await api.json('/api/v1/dataset');
    await api.post('/api/v1/patrols', {});
    assert.deepEqual(seen, ['Bearer secret', 'Bearer secret']);
    const open = new GridbeatApi(BASE, fetchFn);
    await open.json('/api/v1/dataset');
    assert.equal(seen[2], undefined);
  });
});

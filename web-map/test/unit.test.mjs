// Unit tests of the map's pure modules; no browser, no server.
//
//   node web-map/test/unit.test.mjs

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ApiError, GridbeatApi, nextLink } from '../js/api.js';
import { featuresBounds } from '../js/bounds.js';
import { NO_OFFICER_COLOUR, officerColour, paintGrids } from '../js/colour.js';
import { lookupSummary, sortOfficers } from '../js/lookup-view.js';
import { villageLocation } from '../js/search.js';
import { LAYER, LAYER_GROUPS, SOURCES, mapStyle } from '../js/style.js';

const BASE = 'http://127.0.0.1:8080/';

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
  it('follows next links until the last page', async () => {
    const first = '/ogc/collections/villages/items?limit=10000';
    const second = '/ogc/collections/villages/items?limit=10000&offset=1';
    const seen = [];
    const api = new GridbeatApi(BASE, fakeFetch({
      [first]: [200, {
        features: [point('a', 1, 2)],
        links: [{ rel: 'self', href: first }, { rel: 'next', href: second }],
        numberMatched: 2,
      }],
      [second]: [200, { features: [point('b', 3, 4)], links: [{ rel: 'self', href: second }] }],
    }, seen));

    const pages = [];
    const all = await api.collection('villages', { onPage: (f) => pages.push(f.length) });
    assert.deepEqual(all.features.map((f) => f.properties.id), ['a', 'b']);
    assert.deepEqual(pages, [1, 2]);
    assert.deepEqual(seen, [first, second]);
  });

  it('stops on an empty page even if it links on', async () => {
    const first = '/ogc/collections/grids/items?limit=10000';
    const api = new GridbeatApi(BASE, fakeFetch({
      [first]: [200, { features: [], links: [{ rel: 'next', href: first }] }],
    }));
    const all = await api.collection('grids');
    assert.equal(all.features.length, 0);
  });

  it('refuses links to another host', async () => {
    const first = '/ogc/collections/grids/items?limit=10000';
    const api = new GridbeatApi(BASE, fakeFetch({
      [first]: [200, {
        features: [point('a', 1, 2)],
        links: [{ rel: 'next', href: 'http://tiles.example.org/grids?page=2' }],
      }],
    }));
    await assert.rejects(api.collection('grids'), /another host/);
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

  it('finds the next link', () => {
    assert.equal(nextLink({ links: [{ rel: 'self', href: '/a' }] }), null);
    assert.equal(nextLink({ links: [{ rel: 'next', href: '/b' }] }), '/b');
    assert.equal(nextLink({}), null);
  });
});

describe('colour', () => {
  it('is stable per officer and grey without one', () => {
    assert.equal(officerColour('p1'), officerColour('p1'));
    assert.notEqual(officerColour('p1'), officerColour('p2'));
    assert.equal(officerColour(null), NO_OFFICER_COLOUR);
    assert.equal(officerColour(''), NO_OFFICER_COLOUR);
    assert.match(officerColour('p1'), /^hsl\(\d+, \d+%, \d+%\)$/);
  });

  it('spreads ids that differ in one character over the hue circle', () => {
    const hues = Array.from({ length: 12 }, (_, i) => {
      return Number(officerColour(`p${i}`).match(/^hsl\((\d+)/)[1]);
    });
    const sextants = new Set(hues.map((hue) => Math.floor(hue / 60)));
    assert.ok(sextants.size >= 4, `hues bunched: ${hues}`);
  });

  it('paints grid features', () => {
    const [grid] = paintGrids([{ properties: { officer_id: null } }]);
    assert.equal(grid.properties.fill_colour, NO_OFFICER_COLOUR);
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

  it('takes the first community officer as primary when the grid does not say', () => {
    assert.deepEqual(sortOfficers(officers, null).map((o) => o.id), ['b', 'a', 'x']);
    assert.deepEqual(sortOfficers(null, null), []);
  });

  it('summarises an answer with role labels', () => {
    const summary = lookupSummary({
      covered: true,
      jurisdiction: { id: 'j', name: '中原区' },
      grid: { id: 'g', code: 'G1', officer_id: 'a' },
      village: null,
      office: { id: 'o', name: '第1警务室' },
      station: { id: 's', name: '城关派出所' },
      officers,
    });
    assert.equal(summary.covered, true);
    assert.deepEqual(summary.rows.map((r) => r.value), ['中原区', 'G1', null, '第1警务室', '城关派出所']);
    assert.deepEqual(summary.officers.map((o) => o.roleLabel), ['社区民警', '社区民警', '辅警']);
  });

  it('summarises an uncovered point', () => {
    const summary = lookupSummary({ covered: false, officers: [] });
    assert.equal(summary.covered, false);
    assert.ok(summary.rows.every((r) => r.value === null));
    assert.deepEqual(summary.officers, []);
  });
});

describe('style', () => {
  it('loads nothing: no glyphs, no sprite, no text, no remote source', () => {
    const style = mapStyle();
    assert.equal(style.glyphs, undefined);
    assert.equal(style.sprite, undefined);
    assert.ok(style.layers.every((layer) => !layer.layout?.['text-field']));
    assert.deepEqual(Object.keys(style.sources), SOURCES);
    assert.ok(Object.values(style.sources).every((s) => s.type === 'geojson' && s.data));
  });

  it('groups every layer but the background', () => {
    const grouped = Object.values(LAYER_GROUPS).flat().sort();
    const ids = mapStyle().layers.map((layer) => layer.id).filter((id) => id !== 'background');
    assert.deepEqual(grouped, ids.sort());
    assert.ok(ids.includes(LAYER.gridFill));
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
});

// Browser test of the web map against a running gridbeat server.
//
//   GRIDBEAT_URL=http://127.0.0.1:8080 node web-map/test/map.test.mjs
//
// Drives Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through playwright-core:
// loads the map with the server's style and vector tiles, waits until tiles are rendered,
// checks grids and labels, clicks grids and reads the lookup popup, switches layer groups
// and the interface language, searches for a village, highlights coverage gaps, plans an
// officer's patrol and downloads it (routes only where the data set has roads), and saves
// a screenshot (GRIDBEAT_SCREENSHOT, default web-map/test/out/map.png). Every request the
// page makes is recorded; one to any host but the server's fails the run (and is blocked).

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = process.env.GRIDBEAT_SCREENSHOT
  ? path.resolve(process.env.GRIDBEAT_SCREENSHOT)
  : path.join(HERE, 'out', 'map.png');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.GRIDBEAT_TEST_TIMEOUT_MS || 180_000);
const TOKEN = process.env.GRIDBEAT_TOKEN || '';

// Ids from web-map/style.json and web-map/js/style.js.
const SOURCE = 'gridbeat';
const GRID_FILL = 'grids-fill';
const GRID_LABEL = 'grids-label';
const VILLAGES = 'villages-circle';
const VILLAGE_LABEL = 'villages-label';
const JURISDICTION_FILL = 'jurisdictions-fill';
// Ids from web-map/js/gaps.js.
const GAP_SOURCE = 'gap-unassigned';
const GAP_LAYERS = ['gap-unassigned-fill', 'gap-unassigned-line', 'gap-unassigned-circle'];

// From this zoom on grids carry their code and officer name (the server's overview tiles
// below it carry only id, officer_id, office_id and status); a little above, for margin.
const DETAIL_ZOOM = 10.5;

// A tile request: /tiles/{layers}/{z}/{x}/{y}.
const TILE_PATH = /^\/tiles\/[a-z,]+\/\d+\/\d+\/\d+$/;

const base = baseUrl();
const requests = [];
const pageErrors = [];
const consoleErrors = [];
// Console errors a test caused on purpose (the browser logs every 4xx answer), one each.
const expectedConsoleErrors = [];
const CONFLICT = /status of 409 \(Conflict\)/;
let context;
let page;
let userDataDir;

describe('gridbeat web map', { timeout: TIMEOUT_MS * 4 }, () => {
  before(async () => {
    userDataDir = await mkdtemp(path.join(tmpdir(), 'gridbeat-chromium-'));
    context = await launch(userDataDir);
    page = context.pages()[0] ?? (await context.newPage());
    // With GRIDBEAT_TOKEN (a server with private reads) the token is in the page's storage
    // before it loads, as a planner would have saved it; the test's own requests carry it
    // through `testFetch`, the page's through its own code.
    await page.addInitScript((token) => {
      if (token) {
        localStorage.setItem('gridbeat.token', token);
      }
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      window.testFetch = (href) => fetch(href, { headers });
    }, TOKEN);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        consoleErrors.push(message.text());
        console.error(`[browser] ${message.text()}`);
      }
    });
    await page.goto(base.href, { waitUntil: 'load' });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) {
      await rm(userDataDir, { recursive: true, force: true });
    }
  });

  it('renders grids from the server\'s vector tiles with the served style', async () => {
    await waitForTiles(page);

    const found = await page.evaluate(([source, grid]) => {
      const map = window.gridbeatMap;
      const style = map.getStyle();
      const features = map.queryRenderedFeatures({ layers: [grid] });
      return {
        source: style.sources[source],
        glyphs: style.glyphs ?? null,
        sprite: style.sprite ?? null,
        firstLayer: style.layers[0].id,
        count: features.length,
        origins: [...new Set(features.map((f) => `${f.source}/${f.sourceLayer}`))],
        sample: features.slice(0, 50).map((f) => f.properties),
      };
    }, [SOURCE, GRID_FILL]);

    assert.equal(found.source?.type, 'vector', 'the style has no vector source "gridbeat"');
    assert.equal(new URL(found.source.url).host, base.host, 'the tiles come from elsewhere');
    assert.equal(found.glyphs, null, 'the style asks for a glyph server');
    assert.equal(found.sprite, null, 'the style asks for a sprite');
    assert.equal(found.firstLayer, 'background');

    assert.ok(found.count > 0, `no rendered features in ${GRID_FILL}`);
    assert.deepEqual(found.origins, [`${SOURCE}/grids`]);
    // Overview tiles (below zoom 10) carry only what colours a grid: id, officer_id,
    // office_id and status; names and codes come with the detail tiles.
    for (const grid of found.sample) {
      assert.ok(typeof grid.id === 'string' && grid.id, 'a grid without id');
      assert.ok(['assigned', 'unassigned'].includes(grid.status), `grid status ${grid.status}`);
      assert.equal(grid.status === 'assigned', Boolean(grid.officer_id),
        `grid ${grid.id}: status ${grid.status} but officer_id ${grid.officer_id}`);
      if ('code' in grid) {
        assert.equal(grid.status === 'assigned', Boolean(grid.officer_name),
          `grid ${grid.id}: status ${grid.status} but officer_name ${grid.officer_name}`);
      }
    }

    assert.ok(requests.some((url) => new URL(url).pathname === '/style.json'), 'no /style.json');
    assert.ok(requests.some((url) => TILE_PATH.test(new URL(url).pathname)), 'no tile request');
    assert.ok(!requests.some((url) => new URL(url).pathname.startsWith('/ogc/collections/grids')),
      'grids were loaded as GeoJSON');
    console.log(`rendered: ${found.count} grid features from ${found.origins}`);
  });

  it('draws labels with local fonts, without a glyph server', async () => {
    const labels = await page.evaluate(renderedLabels);
    console.log(`rendered labels: ${JSON.stringify(labels)}`);
    const total = Object.values(labels).reduce((sum, n) => sum + n, 0);
    assert.ok(total > 0, 'no label layer rendered a symbol');

    const fontRequests = requests.filter((url) => /glyph|font|\.pbf($|\?)/i.test(url));
    assert.deepEqual(fontRequests, [], 'font or glyph requests');
  });

  it('clicking a grid shows its officer, or says it has none', async () => {
    let clicked = 0;
    for (const status of ['assigned', 'unassigned']) {
      await closePopup(page);
      let target = await page.evaluate(findPointInGrid, { gridLayer: GRID_FILL, status });
      if (!target && await page.evaluate(zoomToGrid, { source: SOURCE, status, detailZoom: DETAIL_ZOOM })) {
        await waitForTiles(page);
        target = await page.evaluate(findPointInGrid, { gridLayer: GRID_FILL, status });
      }
      if (target && !target.detailed) {
        // An overview tile: no code or officer name. Zoom in on the point and look again.
        await page.evaluate(
          ([lngLat, zoom]) => window.gridbeatMap.jumpTo({ center: lngLat, zoom }),
          [target.lngLat, DETAIL_ZOOM],
        );
        await waitForTiles(page);
        target = await page.evaluate(findPointInGrid, { gridLayer: GRID_FILL, status });
        assert.ok(!target || target.detailed, `no grid attributes at zoom ${DETAIL_ZOOM}`);
      }
      if (!target && status === 'unassigned') {
        console.log('no grid without an officer found to click; skipped that case');
        continue;
      }
      assert.ok(target, `found no ${status} grid to click clear of the panel and controls`);
      console.log(`clicking ${target.how} at (${target.x}, ${target.y}), grid ${target.code} ` +
        `(${status}, officer ${target.officerName ?? 'none'})`);

      await page.mouse.click(target.x, target.y);
      const popup = await readPopup(page);
      assert.equal(popup.state, 'done', `lookup failed: ${popup.error}`);
      assert.equal(popup.covered, 'true', 'a point inside a rendered grid is not covered');
      assert.equal(popup.grid, target.code, 'the popup names another grid');
      if (target.officerName) {
        assert.equal(popup.primary, target.officerName, 'the popup\'s primary officer differs');
        assert.equal(popup.officers[0], target.officerName, 'the primary officer is not first');
        assert.equal(popup.noOfficer, false);
      } else {
        assert.equal(popup.noOfficer, true, 'the popup does not say the grid has no officer');
        assert.equal(popup.primary, null, 'the popup names a primary officer');
      }
      assertOfficerNames(popup);

      const selected = await page.evaluate(
        ([source, id]) => window.gridbeatMap.getFeatureState({ source, sourceLayer: 'grids', id }),
        [SOURCE, target.id],
      );
      assert.equal(selected.selected, true, 'the clicked grid is not highlighted');

      // A second click while the popup is open must answer again, not just close it.
      // Wait first, so the browser does not take the two clicks for a double click.
      await page.waitForTimeout(600);
      await page.mouse.click(target.x, target.y);
      const again = await readPopup(page);
      assert.equal(again.state, 'done', 'no popup after a second click');
      assert.equal(again.grid, popup.grid);
      clicked += 1;
    }
    assert.ok(clicked > 0);
  });

  it('the layer switcher hides and shows groups and labels', async () => {
    await closePopup(page);
    const before = await page.evaluate(countRendered, [GRID_FILL, JURISDICTION_FILL]);
    assert.ok(before[GRID_FILL] > 0 && before[JURISDICTION_FILL] > 0, JSON.stringify(before));

    await page.locator('input[data-layer-group="grids"]').uncheck();
    await page.waitForFunction(
      ([fill, label]) => {
        const map = window.gridbeatMap;
        return map.queryRenderedFeatures({ layers: [fill, label] }).length === 0;
      },
      [GRID_FILL, GRID_LABEL],
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const hidden = await page.evaluate(countRendered, [GRID_FILL, JURISDICTION_FILL]);
    assert.equal(hidden[GRID_FILL], 0, 'grids still render with their switch off');
    assert.ok(hidden[JURISDICTION_FILL] > 0, 'switching grids off hid the jurisdictions');
    assert.equal(
      await page.evaluate((id) => window.gridbeatMap.getLayoutProperty(id, 'visibility'), GRID_FILL),
      'none',
    );

    await page.locator('input[data-layer-group="grids"]').check();
    await page.waitForFunction(
      (fill) => window.gridbeatMap.queryRenderedFeatures({ layers: [fill] }).length > 0,
      GRID_FILL,
      { timeout: TIMEOUT_MS, polling: 100 },
    );

    // The labels switch hides every text layer, and nothing else.
    const labelsBefore = await page.evaluate(renderedLabels);
    await page.locator('input[data-layer-group="labels"]').uncheck();
    await page.waitForFunction(renderedLabelsTotal, 0, { timeout: TIMEOUT_MS, polling: 100 });
    const unlabelled = await page.evaluate(countRendered, [GRID_FILL]);
    assert.ok(unlabelled[GRID_FILL] > 0, 'the labels switch hid the grids');
    await page.locator('input[data-layer-group="labels"]').check();
    if (Object.values(labelsBefore).some((n) => n > 0)) {
      await page.waitForFunction(renderedLabelsAtLeast, 1, { timeout: TIMEOUT_MS, polling: 100 });
    }
  });

  it('search finds a village by name and code and flies there', async () => {
    await closePopup(page);
    const village = await page.evaluate(renderedVillage, VILLAGES);
    assert.ok(village, 'no rendered village to search for');

    // A name prefix, as a person would type it (e.g. 城关 for 城关村).
    const text = [...village.name].slice(0, 2).join('');
    const names = await search(page, text);
    assert.ok(names.length > 0, `no matches for ${text}`);
    assert.ok(names.some((name) => name.includes(text)), `no match contains ${text}`);

    if (/^\d{12}$/.test(village.code ?? '')) {
      const details = await search(page, village.code, '.gb-match-detail');
      assert.ok(details.some((d) => d.includes(village.code)), `code ${village.code} not found`);
    }

    await page.locator('.gb-match').first().click();
    const popup = await readPopup(page);
    assert.equal(popup.state, 'done', `lookup after search failed: ${popup.error}`);
    assertOfficerNames(popup);

    await waitForTiles(page);
    const zoom = await page.evaluate(() => window.gridbeatMap.getZoom());
    assert.ok(zoom >= 13.9, `the map did not fly in (zoom ${zoom})`);
    const labels = await page.evaluate(renderedLabels);
    assert.ok(labels[VILLAGE_LABEL] > 0 || labels[GRID_LABEL] > 0,
      `no village or officer label at the village: ${JSON.stringify(labels)}`);

    // Step back a little for the screenshot: the village, its neighbours and the popup.
    await page.evaluate(() => window.gridbeatMap.jumpTo({ zoom: 12.5 }));
    await waitForTiles(page);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);
  });

  it('the language toggle switches the interface text and is remembered', async () => {
    const zh = await interfaceText(page);
    assert.equal(zh.lang, 'zh-CN');
    assert.equal(zh.layersTitle, '图层');
    assert.equal(zh.pressed, 'zh');

    await page.locator('button[data-lang="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await interfaceText(page);
    assert.equal(en.layersTitle, 'Layers');
    assert.equal(en.searchLabel, 'Find a village');
    assert.equal(en.placeholder, 'Name or 12-digit code');
    assert.equal(en.gridsSwitch, 'Grids');
    assert.equal(en.pressed, 'en');
    assert.equal(en.stored, 'en');
    assert.equal(en.mapLang, 'en', 'the style\'s global state lang did not follow');
    if (en.popupOfficersTitle !== null) {
      assert.equal(en.popupOfficersTitle, 'Officers', 'the open popup was not redrawn');
    }
    assert.notEqual(en.layersTitle, zh.layersTitle);

    // The choice survives a reload.
    await page.reload({ waitUntil: 'load' });
    await waitForTiles(page);
    const reloaded = await interfaceText(page);
    assert.equal(reloaded.lang, 'en');
    assert.equal(reloaded.layersTitle, 'Layers');
    assert.equal(reloaded.mapLang, 'en');

    await page.locator('button[data-lang="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const back = await interfaceText(page);
    assert.equal(back.layersTitle, '图层');
    assert.equal(back.stored, 'zh');
  });

  it('the gaps panel highlights unassigned places and zooms to a jurisdiction', async () => {
    await closePopup(page);
    await page.locator('#gaps > summary').click();
    const expected = await page.evaluate(async () => {
      const answer = await window.testFetch('/api/v1/gaps/unassigned');
      return answer.json();
    });
    const wanted = expected.summary;
    console.log(`unassigned summary: ${JSON.stringify(wanted)}`);

    const box = page.locator('input[data-gap-kind="unassigned"]');
    await box.check();
    await page.waitForFunction(
      () => window.gridbeat.gaps?.unassigned?.status === 'done',
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    // Fit the features in view: the highlight tiles load and render.
    await page.evaluate(fitToFeatures, expected);
    await page.waitForFunction(
      (ids) => {
        const map = window.gridbeatMap;
        return map.loaded() && !map.isMoving() && map.areTilesLoaded()
          && map.queryRenderedFeatures({ layers: ids }).length > 0;
      },
      GAP_LAYERS,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const shown = await page.evaluate(([source, ids]) => {
      const map = window.gridbeatMap;
      const gaps = new Map();
      for (const f of map.querySourceFeatures(source, { sourceLayer: 'unassigned' })) {
        gaps.set(f.properties.id, f.properties.gap);
      }
      const byGap = {};
      for (const gap of gaps.values()) {
        byGap[gap] = (byGap[gap] ?? 0) + 1;
      }
      const summary = document.querySelector('[data-gap-summary="unassigned"]');
      return {
        layers: ids.filter((id) => map.getLayer(id)),
        top: map.getStyle().layers.at(-1).id,
        tiles: map.getSource(source).tiles,
        ids: [...gaps.keys()].sort(),
        byGap,
        count: summary.dataset.count,
        text: summary.textContent,
      };
    }, [GAP_SOURCE, GAP_LAYERS]);
    console.log(`unassigned on the map: ${JSON.stringify({ ...shown, ids: shown.ids.length })}`);
    assert.deepEqual(shown.layers, GAP_LAYERS, 'the highlight layers are missing');
    assert.ok(GAP_LAYERS.includes(shown.top), 'the highlight is not drawn on top');
    assert.match(shown.tiles[0], /\/tiles\/gaps\/unassigned\/\{z\}\/\{x\}\/\{y\}$/);
    const wantedIds = expected.features.map((f) => f.id).sort();
    assert.ok(wantedIds.length > 0, 'no unassigned feature to highlight');
    assert.deepEqual(shown.ids, wantedIds, 'the highlight tiles hold other features than the API');
    assert.equal(shown.byGap.grid ?? 0, wanted.grids, 'grids differ from the summary');
    assert.equal(shown.byGap.village ?? 0, wanted.villages, 'villages differ from the summary');
    assert.equal(shown.byGap.office ?? 0, wanted.offices, 'offices differ from the summary');
    assert.equal(Number(shown.count), wantedIds.length);
    assert.ok(shown.text.includes(String(wanted.grids)), `summary line: ${shown.text}`);

    // A coverage row zooms the map to its jurisdiction.
    const row = page.locator('tr[data-jurisdiction]').last();
    await row.waitFor({ timeout: TIMEOUT_MS });
    const id = await row.getAttribute('data-jurisdiction');
    const coverage = await page.evaluate(
      async () => (await window.testFetch('/api/v1/coverage')).json(),
    );
    const bbox = coverage.jurisdictions.find((j) => j.id === id).bbox;
    const view = () => page.evaluate(() => {
      const map = window.gridbeatMap;
      return { center: map.getCenter().toArray(), zoom: map.getZoom() };
    });
    // Start well away from it, so the row has to move the map.
    await page.evaluate(
      ([west, south]) => window.gridbeatMap.jumpTo({ center: [west - 3, south - 3], zoom: 4 }),
      bbox,
    );
    const before = await view();
    await row.click();
    await page.waitForFunction(
      (start) => {
        const map = window.gridbeatMap;
        return !map.isMoving() && (map.getZoom() !== start.zoom
          || map.getCenter().toArray().some((v, i) => v !== start.center[i]));
      },
      before,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const after = await view();
    console.log(`coverage row ${id}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    assert.ok(after.zoom > before.zoom, 'the map did not zoom in');
    const [lon, lat] = after.center;
    assert.ok(lon >= bbox[0] - 0.5 && lon <= bbox[2] + 0.5 && lat >= bbox[1] - 0.5 && lat <= bbox[3] + 0.5,
      `the map centre ${after.center} is not on jurisdiction ${id} ${bbox}`);

    // Switching the kind off removes its layers and source.
    await box.uncheck();
    const left = await page.evaluate(([source, ids]) => {
      const map = window.gridbeatMap;
      return { layers: ids.filter((i) => map.getLayer(i)), source: Boolean(map.getSource(source)) };
    }, [GAP_SOURCE, GAP_LAYERS]);
    assert.deepEqual(left, { layers: [], source: false }, 'the gap layers stayed');
  });

  it('the distance gap by travel time draws the API\'s villages, or says there are no roads', async () => {
    await closePopup(page);
    await page.locator('select[data-gap-param="metric"]').selectOption('travel');
    await page.locator('input[data-gap-param="max_minutes"]').fill('3');
    await page.locator('input[data-gap-param="max_minutes"]').dispatchEvent('change');
    const box = page.locator('input[data-gap-kind="distance"]');
    await box.check();
    await page.waitForFunction(
      () => ['done', 'error'].includes(window.gridbeat.gaps?.distance?.status),
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const shown = await page.evaluate(async () => {
      const answer = await window.testFetch('/api/v1/gaps/distance?metric=travel&max_minutes=3');
      const mine = window.gridbeat.gaps.distance;
      return {
        status: mine.status,
        message: mine.message,
        mine: mine.collection?.features.map((f) => f.id).sort(),
        api: answer.ok ? (await answer.json()).features.map((f) => f.id).sort() : answer.status,
        tiles: window.gridbeatMap.getSource('gap-distance')?.tiles,
        hidden: document.querySelector('input[data-gap-param="max_km"]').closest('label').hidden,
      };
    });
    console.log(`distance by travel: ${shown.status} ${shown.message ?? shown.mine?.length}`);
    assert.ok(shown.hidden, 'max_km is shown for travel time');
    if (shown.api === 409) {
      expectedConsoleErrors.push(CONFLICT, CONFLICT);
      assert.equal(shown.status, 'error');
      assert.match(shown.message, /road network/);
    } else {
      assert.equal(shown.status, 'done', shown.message);
      assert.ok(shown.api.length > 0, 'Andorra has villages beyond 3 minutes');
      assert.deepEqual(shown.mine, shown.api);
      assert.match(shown.tiles[0], /\/tiles\/gaps\/distance\/\{z\}\/\{x\}\/\{y\}\?metric=travel&max_minutes=3$/);
    }
    await box.uncheck();
    await page.locator('select[data-gap-param="metric"]').selectOption('straight');
  });

  it('the patrol panel plans an officer\'s villages, draws the route and downloads it', async () => {
    await closePopup(page);
    await page.locator('#patrol > summary').click();
    await page.waitForFunction(
      () => document.querySelectorAll('select[data-patrol-officer] option').length > 1,
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    // An officer answering for a few villages, asked from the API here.
    const chosen = await page.evaluate(async () => {
      const get = async (href) => (await window.testFetch(href)).json();
      const officers = await get('/ogc/collections/officers/items?role=community&limit=40');
      for (const o of officers.features) {
        const id = encodeURIComponent(o.id);
        const villages = await get(`/ogc/collections/villages/items?officer_id=${id}&limit=500`);
        if (villages.numberMatched >= 2) {
          return { id: o.id, villages: villages.features.map((f) => f.id) };
        }
      }
      return null;
    });
    assert.ok(chosen, 'no officer with two or more villages');
    await page.locator('select[data-patrol-officer]').selectOption(chosen.id);
    await page.locator('button[data-patrol-villages]').click();
    await page.waitForFunction(
      (n) => window.gridbeat.patrol.stops.length === n,
      chosen.villages.length,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const picked = await page.evaluate(() => window.gridbeat.patrol.stops.map((s) => s.village));
    assert.deepEqual(picked.sort(), [...chosen.villages].sort());

    const hasRoads = await page.evaluate(
      () => window.gridbeatMap.getSource('gridbeat').vectorLayerIds.includes('roads'),
    );
    await page.locator('button[data-patrol-plan]').click();
    await page.waitForFunction(
      () => ['done', 'error'].includes(window.gridbeat.patrol.status),
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const planned = await page.evaluate(() => {
      const { status, answer, message } = window.gridbeat.patrol;
      const text = document.querySelector('[data-patrol-summary]').textContent;
      return { status, plan: answer?.plan, features: answer?.features, message, text };
    });
    console.log(`patrol: ${planned.status} ${planned.text}`);
    if (!hasRoads) {
      // A data set without roads says so instead of planning.
      expectedConsoleErrors.push(CONFLICT);
      assert.equal(planned.status, 'error');
      assert.match(planned.text, /road network/);
      return;
    }
    assert.equal(planned.status, 'done', planned.message);
    const { plan } = planned;
    assert.equal(plan.served + plan.unserved.length, chosen.villages.length);
    assert.ok(plan.served > 0, 'no village planned');
    const stopIds = planned.features.filter((f) => f.properties.kind === 'stop')
      .map((f) => f.properties.id);
    assert.equal(stopIds.length, plan.served);
    assert.equal(new Set(stopIds).size, stopIds.length, 'a village visited twice');
    await page.waitForFunction(
      () => {
        const map = window.gridbeatMap;
        return map.loaded() && !map.isMoving()
          && map.queryRenderedFeatures({ layers: ['patrol-route'] }).length > 0
          && map.queryRenderedFeatures({ layers: ['patrol-stops'] }).length > 0;
      },
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );

    // The GPX download holds the track and a waypoint per planned stop, names intact.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT_MS }),
      page.locator('button[data-patrol-export="gpx"]').click(),
    ]);
    const gpx = await readFile(await download.path(), 'utf8');
    console.log(`downloaded ${download.suggestedFilename()}: ${gpx.length} bytes`);
    assert.match(download.suggestedFilename(), /\.gpx$/);
    assert.match(gpx, /<gpx[\s>]/);
    assert.match(gpx, /<trkpt /);
    const waypoints = gpx.match(/<wpt /g) ?? [];
    assert.ok(waypoints.length >= plan.served, `${waypoints.length} waypoints`);
    const firstStop = planned.features.find((f) => f.properties.kind === 'stop').properties.name;
    const text = gpx.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    assert.ok(text.includes(firstStop), `${firstStop} missing from the GPX`);

    // The service area of the officer's office is drawn as a polygon.
    await page.locator('input[data-isochrone-minutes]').fill('5');
    await page.locator('button[data-isochrone]').click();
    await page.waitForFunction(
      () => ['done', 'error'].includes(window.gridbeat.patrol.isochrone?.status),
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const area = await page.evaluate(() => {
      const map = window.gridbeatMap;
      const { status, area: feature, message } = window.gridbeat.patrol.isochrone;
      return {
        status, message,
        type: feature?.geometry.type,
        minutes: feature?.properties.minutes,
        layers: ['isochrone-fill', 'isochrone-line'].filter((id) => map.getLayer(id)),
        order: map.getStyle().layers.map((l) => l.id),
      };
    });
    assert.equal(area.status, 'done', area.message);
    assert.equal(area.type, 'Polygon');
    assert.equal(area.minutes, 5);
    assert.deepEqual(area.layers, ['isochrone-fill', 'isochrone-line']);
    assert.ok(area.order.indexOf('isochrone-line') < area.order.indexOf('patrol-route'),
      'the service area covers the route');

    // Every office's service area at once: as many polygons as the API draws.
    await page.locator('button[data-isochrone-all]').click();
    await page.waitForFunction(
      () => window.gridbeat.patrol.isochrone?.status !== 'loading',
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const all = await page.evaluate(async () => {
      const mine = window.gridbeat.patrol.isochrone;
      const data = await window.gridbeatMap.getSource('isochrone').getData();
      const api = await (await window.testFetch('/api/v1/service-areas?minutes=5&profile=car'))
        .json();
      return {
        status: mine.status, message: mine.message, shown: data.features.length,
        ids: data.features.map((f) => f.id).sort(), api: api.features.map((f) => f.id).sort(),
      };
    });
    assert.equal(all.status, 'done', all.message);
    assert.ok(all.shown > 1, 'several offices have a service area');
    assert.deepEqual(all.ids, all.api);

    // The patrol, its stops and the service area, for a person to look at.
    await page.evaluate(() => window.gridbeat.patrol.answer && window.gridbeatMap.fitBounds(
      window.gridbeat.patrol.answer.features
        .filter((f) => f.properties.kind === 'route')[0].geometry.coordinates
        .reduce((b, [x, y]) => [[Math.min(b[0][0], x), Math.min(b[0][1], y)],
          [Math.max(b[1][0], x), Math.max(b[1][1], y)]], [[180, 90], [-180, -90]]),
      { padding: { top: 40, bottom: 40, right: 40, left: 380 }, duration: 0 },
    ));
    await page.waitForFunction(() => window.gridbeatMap.loaded() && window.gridbeatMap.areTilesLoaded(),
      null, { timeout: TIMEOUT_MS, polling: 100 });
    const shot = SCREENSHOT.replace(/\.png$/, '-patrol.png');
    await page.screenshot({ path: shot });
    console.log(`screenshot: ${shot}`);
  });

  it('loads nothing from any other host', () => {
    const foreign = requests.filter((url) => !isOwnHost(url));
    assert.deepEqual(foreign, [], 'requests left the gridbeat server');
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    const unexpected = [...consoleErrors];
    for (const pattern of expectedConsoleErrors) {
      const at = unexpected.findIndex((message) => pattern.test(message));
      assert.ok(at >= 0, `the browser did not log the expected ${pattern}`);
      unexpected.splice(at, 1);
    }
    assert.deepEqual(unexpected, [], 'errors in the browser console');
    const tiles = requests.filter((url) => TILE_PATH.test(new URL(url).pathname)).length;
    console.log(`requests: ${requests.length}, of which ${tiles} tiles`);
  });
});

function baseUrl() {
  const raw = process.env.GRIDBEAT_URL;
  if (!raw) {
    throw new Error('set GRIDBEAT_URL to the gridbeat server, e.g. http://127.0.0.1:8080');
  }
  return new URL(raw);
}

// The host a request goes to, or null for URLs that never touch the network.
function requestHost(url) {
  const parsed = new URL(url);
  if (parsed.protocol === 'blob:') {
    return requestHost(parsed.pathname);
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'about:') {
    return null;
  }
  return parsed.host;
}

function isOwnHost(url) {
  try {
    const host = requestHost(url);
    return host === null || host === base.host;
  } catch {
    return false;
  }
}

async function launch(dataDir) {
  const launched = await chromium.launchPersistentContext(dataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces: no name but the server's resolves, whatever the page asks for.
      `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${base.hostname}`,
    ],
  });

  // Record everything, and let nothing through to another host.
  launched.on('request', (request) => requests.push(request.url()));
  launched.on('websocket', (socket) => requests.push(socket.url()));
  await launched.route('**/*', (route) => {
    return isOwnHost(route.request().url()) ? route.continue() : route.abort('blockedbyclient');
  });
  return launched;
}

// Waits until the page says it is ready and the grids' tiles are loaded and drawn.
async function waitForTiles(target) {
  await target.waitForFunction(
    () => window.gridbeat && document.documentElement.dataset.gridbeat !== 'loading',
    null,
    { timeout: TIMEOUT_MS },
  );
  const state = await target.evaluate(() => ({
    state: document.documentElement.dataset.gridbeat,
    status: document.getElementById('status')?.textContent,
  }));
  assert.equal(state.state, 'ready', `map failed to load: ${state.status}`);

  await target.waitForFunction(([source, grid]) => {
    const map = window.gridbeatMap;
    return map.loaded() && map.isSourceLoaded(source) && !map.isMoving()
      && map.queryRenderedFeatures({ layers: [grid] }).length > 0;
  }, [SOURCE, GRID_FILL], { timeout: TIMEOUT_MS, polling: 100 });
}

// Runs in the page: rendered symbols per label layer (metadata "gridbeat:label").
function renderedLabels() {
  const map = window.gridbeatMap;
  const counts = {};
  for (const layer of map.getStyle().layers) {
    if (layer.metadata?.['gridbeat:label'] === true) {
      counts[layer.id] = map.queryRenderedFeatures({ layers: [layer.id] }).length;
    }
  }
  return counts;
}

// Runs in the page: true when the rendered label symbols number exactly `expected`.
function renderedLabelsTotal(expected) {
  const map = window.gridbeatMap;
  const ids = map.getStyle().layers
    .filter((layer) => layer.metadata?.['gridbeat:label'] === true)
    .map((layer) => layer.id);
  return map.queryRenderedFeatures({ layers: ids }).length === expected;
}

// Runs in the page: true when at least `min` label symbols are rendered.
function renderedLabelsAtLeast(min) {
  const map = window.gridbeatMap;
  const ids = map.getStyle().layers
    .filter((layer) => layer.metadata?.['gridbeat:label'] === true)
    .map((layer) => layer.id);
  return map.queryRenderedFeatures({ layers: ids }).length >= min;
}

// Runs in the page: rendered features per layer id.
function countRendered(ids) {
  const map = window.gridbeatMap;
  return Object.fromEntries(ids.map((id) => [id, map.queryRenderedFeatures({ layers: [id] }).length]));
}

// Runs in the page. A viewport point inside one rendered grid of `status`, clear of the
// side panel, popup and controls, whose neighbours 6 px away hit the same grid: first
// the grid's village point (villages lie inside their grids), else a lattice point.
function findPointInGrid({ gridLayer, status }) {
  const map = window.gridbeatMap;
  const canvas = map.getCanvas();
  const rect = canvas.getBoundingClientRect();

  const gridsAt = (x, y) => {
    if (x < 10 || y < 10 || x > rect.width - 10 || y > rect.height - 10) {
      return [];
    }
    if (document.elementFromPoint(rect.left + x, rect.top + y) !== canvas) {
      return [];
    }
    return map.queryRenderedFeatures([x, y], { layers: [gridLayer] });
  };
  const solid = (x, y) => {
    const grids = gridsAt(x, y);
    if (grids.length !== 1 || grids[0].properties.status !== status) {
      return null;
    }
    const id = grids[0].properties.id;
    const around = [[6, 0], [-6, 0], [0, 6], [0, -6]].every(([dx, dy]) => {
      const near = gridsAt(x + dx, y + dy);
      return near.length === 1 && near[0].properties.id === id;
    });
    return around ? grids[0] : null;
  };
  const answer = (how, x, y, grid) => ({
    how,
    x: rect.left + x,
    y: rect.top + y,
    lngLat: map.unproject([x, y]).toArray(),
    id: grid.properties.id,
    code: grid.properties.code,
    officerName: grid.properties.officer_name ?? null,
    detailed: 'code' in grid.properties,
  });

  const grids = map.queryRenderedFeatures({ layers: [gridLayer] })
    .filter((g) => g.properties.status === status);
  const villages = new Set(grids.map((g) => g.properties.village_id).filter(Boolean));
  for (const village of map.querySourceFeatures('gridbeat', { sourceLayer: 'villages' })) {
    if (!villages.has(village.properties.id)) {
      continue;
    }
    const { x, y } = map.project(village.geometry.coordinates);
    const grid = solid(x, y);
    if (grid && grid.properties.village_id === village.properties.id) {
      return answer(`village ${village.properties.name}`, x, y, grid);
    }
  }

  for (let y = 20; y < rect.height - 20; y += 16) {
    for (let x = 20; x < rect.width - 20; x += 16) {
      const grid = solid(x, y);
      if (grid) {
        return answer('lattice point', x, y, grid);
      }
    }
  }
  return null;
}

// Runs in the page: zooms to a loaded grid of `status`, clear of the side panel. Returns
// whether there was one.
function zoomToGrid({ source, status, detailZoom }) {
  const map = window.gridbeatMap;
  const grid = map.querySourceFeatures(source, {
    sourceLayer: 'grids',
    filter: ['==', ['get', 'status'], status],
  })[0];
  if (!grid) {
    return false;
  }
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
    } else {
      c.forEach(walk);
    }
  };
  walk(grid.geometry.coordinates);
  const panel = document.querySelector('.gb-panel');
  map.fitBounds([[box[0], box[1]], [box[2], box[3]]], {
    padding: { top: 60, bottom: 60, right: 80, left: panel.offsetWidth + 60 },
    maxZoom: 14,
    animate: false,
  });
  if (map.getZoom() < detailZoom) {
    map.jumpTo({ zoom: detailZoom });
  }
  return true;
}

// Runs in the page: fits the view to the features of a GeoJSON FeatureCollection.
function fitToFeatures(data) {
  const map = window.gridbeatMap;
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
    } else {
      c.forEach(walk);
    }
  };
  data.features.forEach((f) => walk(f.geometry.coordinates));
  const panel = document.querySelector('.gb-panel');
  map.fitBounds([[box[0], box[1]], [box[2], box[3]]], {
    padding: { top: 60, bottom: 60, right: 80, left: panel.offsetWidth + 60 },
    maxZoom: 12,
    animate: false,
  });
}

// Runs in the page: the name and code of a rendered village.
function renderedVillage(villageLayer) {
  const found = window.gridbeatMap.queryRenderedFeatures({ layers: [villageLayer] })
    .find((v) => typeof v.properties.name === 'string' && v.properties.name.length > 0);
  return found ? { name: found.properties.name, code: found.properties.code } : null;
}

async function closePopup(target) {
  const close = target.locator('.maplibregl-popup-close-button');
  if (await close.count() > 0) {
    await close.first().click();
    await target.waitForSelector('.maplibregl-popup', { state: 'detached', timeout: TIMEOUT_MS });
  }
}

async function readPopup(target) {
  const done = '.maplibregl-popup .gb-lookup:not([data-state="pending"])';
  await target.waitForSelector(done, { timeout: TIMEOUT_MS });
  return target.$eval(done, (root) => ({
    state: root.dataset.state,
    covered: root.dataset.covered,
    error: root.querySelector('.gb-error')?.textContent ?? null,
    grid: root.querySelector('.gb-grid')?.textContent ?? null,
    officers: [...root.querySelectorAll('.gb-officer-name')].map((n) => n.textContent),
    primary: root.querySelector('.gb-primary .gb-officer-name')?.textContent ?? null,
    noOfficer: root.querySelector('.gb-no-officer') !== null,
  }));
}

function assertOfficerNames(popup) {
  if (popup.officers.length === 0) {
    assert.ok(popup.noOfficer, 'popup lists no officer and does not say so');
  }
  for (const name of popup.officers) {
    assert.ok(name.trim().length > 0, 'an officer has an empty name');
  }
}

// The interface text the language test reads.
function interfaceText(target) {
  return target.evaluate(() => ({
    lang: document.documentElement.lang,
    layersTitle: document.getElementById('layers-title').textContent,
    searchLabel: document.querySelector('label[for="search"]').textContent,
    placeholder: document.getElementById('search').placeholder,
    gridsSwitch: document.querySelector('[data-group-row="grids"] [data-i18n]').textContent,
    pressed: document.querySelector('button[data-lang][aria-pressed="true"]')?.dataset.lang,
    stored: localStorage.getItem('gridbeat.lang'),
    mapLang: window.gridbeatMap.getGlobalState().lang,
    popupOfficersTitle: document.querySelector('.maplibregl-popup .gb-officers h3')?.textContent
      ?? null,
  }));
}

// Types `text` in the search box and returns the texts of the listed matches.
async function search(target, text, part = '.gb-match-name') {
  const box = target.locator('#search');
  await box.fill('');
  await box.pressSequentially(text, { delay: 20 });
  await target.waitForFunction(
    () => document.querySelector('.gb-match, .gb-search-note') !== null,
    null,
    { timeout: TIMEOUT_MS },
  );
  return target.$$eval(part, (nodes) => nodes.map((n) => n.textContent));
}

// Browser test of the web map against a running gridbeat server.
//
//   GRIDBEAT_URL=http://127.0.0.1:8080 node web-map/test/map.test.mjs
//
// Drives Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through playwright-core:
// loads the map, checks that grids render, clicks inside a grid and reads the lookup
// popup, searches for a village, and saves web-map/test/out/map.png. Every request the
// page makes is recorded; one to any host but the server's fails the run.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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

// Layer ids from web-map/js/style.js.
const GRID_FILL = 'grids-fill';
const VILLAGES = 'villages-circle';

const base = baseUrl();
const requests = [];
const pageErrors = [];
let context;
let page;
let userDataDir;

describe('gridbeat web map', { timeout: TIMEOUT_MS * 3 }, () => {
  before(async () => {
    userDataDir = await mkdtemp(path.join(tmpdir(), 'gridbeat-chromium-'));
    context = await launch(userDataDir);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
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

  it('loads every layer and renders grids', async () => {
    await waitForMapIdle(page);

    const counts = await page.evaluate(
      ([grid, village]) => ({
        grids: window.gridbeatMap.queryRenderedFeatures({ layers: [grid] }).length,
        villages: window.gridbeatMap.queryRenderedFeatures({ layers: [village] }).length,
      }),
      [GRID_FILL, VILLAGES],
    );
    assert.ok(counts.grids > 0, `no rendered features in ${GRID_FILL}`);
    console.log(`rendered: ${counts.grids} grid and ${counts.villages} village features`);
  });

  it('clicking inside a grid shows who is responsible', async () => {
    const target = await page.evaluate(findPointInGrid, [GRID_FILL, VILLAGES]);
    assert.ok(target, 'found no rendered grid to click clear of the panel and controls');
    console.log(`clicking ${target.how} at (${target.x}, ${target.y}), grid ${target.codes}`);

    await page.mouse.click(target.x, target.y);
    const popup = await readPopup(page);

    assert.equal(popup.state, 'done', `lookup failed: ${popup.error}`);
    assert.equal(popup.covered, 'true', 'a point inside a rendered grid is not covered');
    assert.ok(target.codes.includes(popup.grid), `popup grid ${popup.grid} not clicked`);
    assertOfficers(popup);
    if (target.officerName) {
      assert.equal(popup.officers[0], target.officerName, 'primary officer is not first');
    }

    // A second click while the popup is open must answer again, not just close it.
    // Wait first, so the browser does not take the two clicks for a double click.
    await page.waitForTimeout(600);
    await page.mouse.click(target.x, target.y);
    const again = await readPopup(page);
    assert.equal(again.state, 'done', 'no popup after a second click');
    assert.equal(again.grid, popup.grid);
  });

  it('search lists villages and picking one opens its lookup', async () => {
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
    assertOfficers(popup);

    await waitForMapIdle(page);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);
  });

  it('loads nothing from any other host', () => {
    const foreign = requests.filter((url) => !isOwnHost(url));
    assert.deepEqual(foreign, [], 'requests left the gridbeat server');
    assert.ok(requests.some((url) => url.includes('/ogc/collections/grids/items')));
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
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

async function waitForMapIdle(target) {
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

  await target.waitForFunction(() => {
    const map = window.gridbeatMap;
    return map.loaded() && map.isSourceLoaded('grids') && !map.isMoving();
  }, null, { timeout: TIMEOUT_MS, polling: 100 });
}

// Runs in the page. A viewport point inside a rendered grid, clear of the side panel
// and map controls: first a rendered village's own point (villages sit inside their
// grids), else a lattice point whose neighbours 8 px away hit the same grid.
function findPointInGrid([gridLayer, villageLayer]) {
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
  const answer = (how, x, y, grids) => ({
    how,
    x: rect.left + x,
    y: rect.top + y,
    codes: grids.map((g) => g.properties.code),
    officerName: grids.length === 1 ? grids[0].properties.officer_name ?? null : null,
  });

  for (const village of map.queryRenderedFeatures({ layers: [villageLayer] })) {
    const { x, y } = map.project(village.geometry.coordinates);
    const grids = gridsAt(x, y);
    if (grids.length > 0) {
      return answer(`village ${village.properties.name}`, x, y, grids);
    }
  }

  for (let y = 20; y < rect.height - 20; y += 24) {
    for (let x = 20; x < rect.width - 20; x += 24) {
      const grids = gridsAt(x, y);
      const id = grids.length === 1 ? grids[0].properties.id : null;
      const around = [[8, 0], [-8, 0], [0, 8], [0, -8]]
        .every(([dx, dy]) => gridsAt(x + dx, y + dy)[0]?.properties.id === id);
      if (id && around) {
        return answer('lattice point', x, y, grids);
      }
    }
  }
  return null;
}

// Runs in the page: the name and code of a rendered village.
function renderedVillage(villageLayer) {
  const found = window.gridbeatMap.queryRenderedFeatures({ layers: [villageLayer] })
    .find((v) => typeof v.properties.name === 'string' && v.properties.name.length > 0);
  return found ? { name: found.properties.name, code: found.properties.code } : null;
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
    noOfficer: root.querySelector('.gb-no-officer') !== null,
  }));
}

function assertOfficers(popup) {
  if (popup.officers.length === 0) {
    assert.ok(popup.noOfficer, 'popup lists no officer and does not say so');
    return;
  }
  for (const name of popup.officers) {
    assert.ok(name.trim().length > 0, 'an officer has an empty name');
  }
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

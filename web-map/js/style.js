// What the page knows about the map style. The style itself is `web-map/style.json`,
// which the server serves at `/style.json` with its origin and tile layers filled in
// (and, when configured, an intranet raster basemap layer `basemap` above `background`).
//
// Conventions of that style, used here:
// - one vector source, `gridbeat`, with a source layer per data layer;
// - every layer but `background` and `basemap` names its switcher group in
//   `metadata["gridbeat:group"]`, and text layers say `metadata["gridbeat:label"]: true`;
// - no `glyphs` (text is drawn with local fonts) and no `sprite`: its two images are drawn
//   here, in memory, and added when the map asks for them;
// - the global state `lang` ('zh' or 'en') picks the language of the style's own words.

/** The vector tile source. */
export const SOURCE = 'gridbeat';

/** Layer ids the page and the browser test address directly. */
export const LAYER = {
  background: 'background',
  basemap: 'basemap',
  jurisdictionFill: 'jurisdictions-fill',
  gridFill: 'grids-fill',
  gridSelected: 'grids-selected',
  gridLabel: 'grids-label',
  village: 'villages-circle',
  villageLabel: 'villages-label',
};

/** Switcher groups, in the order the panel lists them. */
export const GROUPS = [
  'basemap', 'roads', 'jurisdictions', 'grids', 'villages', 'stations', 'offices',
];

/** The switch that shows and hides every text layer at once. */
export const LABELS = 'labels';

/** Opacity of the jurisdictions' fill over a raster basemap, so the basemap shows. */
export const FILL_OPACITY_OVER_BASEMAP = 0.2;

/** The switcher group of a style layer, or null for layers no switch controls. */
export function layerGroup(layer) {
  if (layer?.id === LAYER.basemap) {
    return 'basemap';
  }
  const group = layer?.metadata?.['gridbeat:group'];
  return typeof group === 'string' ? group : null;
}

/** Whether a style layer draws text (the labels switch controls it too). */
export function isLabelLayer(layer) {
  return layer?.metadata?.['gridbeat:label'] === true;
}

/** Layer ids by group, for the layers of a style. */
export function groupLayers(layers) {
  const groups = {};
  for (const layer of layers ?? []) {
    const group = layerGroup(layer);
    if (group) {
      (groups[group] ??= []).push(layer.id);
    }
  }
  return groups;
}

/**
 * The groups that have something to show: the basemap when the server inserted it, and
 * the others when one of their layers reads a source layer the tiles have
 * (`vectorLayerIds` from the TileJSON; roads exist only in some data sets).
 */
export function availableGroups(layers, vectorLayerIds) {
  const present = new Set(vectorLayerIds ?? []);
  const found = new Set();
  for (const layer of layers ?? []) {
    const group = layerGroup(layer);
    if (group === 'basemap' || (group && present.has(layer['source-layer']))) {
      found.add(group);
    }
  }
  return GROUPS.filter((group) => found.has(group));
}

/**
 * Whether a layer is shown under the switches `on` (group or LABELS → boolean; a
 * missing switch counts as on). Layers outside every group are always shown.
 */
export function layerVisible(layer, on) {
  const group = layerGroup(layer);
  if (!group) {
    return true;
  }
  if (on[group] === false) {
    return false;
  }
  return !isLabelLayer(layer) || on[LABELS] !== false;
}

/**
 * The tile layers the vector source serves, from its TileJSON URL
 * (`…/tiles/jurisdictions,grids,…`, the server's `{{tile_layers}}`), or null when the
 * URL does not say.
 */
export function sourceTileLayers(style) {
  const url = style?.sources?.[SOURCE]?.url;
  if (typeof url !== 'string') {
    return null;
  }
  let path;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = path.match(/\/tiles\/([^/]+)\/?$/);
  if (!match) {
    return null;
  }
  return decodeURIComponent(match[1]).split(',').filter(Boolean);
}

/**
 * The style without the layers that read a tile layer this data set lacks (roads, in
 * most sets), which MapLibre would otherwise report as errors. Returns a new object.
 */
export function pruneStyle(style) {
  const present = sourceTileLayers(style);
  if (!present) {
    return style;
  }
  const keep = (layer) => layer.source !== SOURCE || present.includes(layer['source-layer']);
  return { ...style, layers: (style.layers ?? []).filter(keep) };
}

/** `[[west, south], [east, north]]` for a `[west, south, east, north]` bbox, or null. */
export function bboxBounds(bbox) {
  if (!Array.isArray(bbox) || bbox.length < 4) {
    return null;
  }
  const [west, south, east, north] = bbox.map(Number);
  const valid = [west, south, east, north].every(Number.isFinite) && west <= east && south <= north;
  return valid ? [[west, south], [east, north]] : null;
}

/** The images the style uses, drawn on request: id → `{ image, options }`. */
const IMAGES = {
  'gb-hatch': () => ({ image: hatchImage(), options: { pixelRatio: 2 } }),
  'gb-office': () => ({ image: officeImage(), options: { pixelRatio: 2 } }),
};

/** The image `id` of the style and its `addImage` options, or null if it is not ours. */
export function styleImage(id) {
  return IMAGES[id]?.() ?? null;
}

/** Ids of the images the style uses. */
export const IMAGE_IDS = Object.keys(IMAGES);

// Diagonal dark stripes on transparent, tiling seamlessly: 16 px square, stripe every 8.
function hatchImage() {
  const size = 16;
  return rasterImage(size, (x, y) => ((x + y) % 8 < 2 ? [60, 60, 60, 150] : [0, 0, 0, 0]));
}

// A dark blue square with a white rim: 20 px at pixel ratio 2, so 10 px on screen.
function officeImage() {
  const size = 20;
  const rim = 3;
  return rasterImage(size, (x, y) => {
    const inside = x >= rim && y >= rim && x < size - rim && y < size - rim;
    return inside ? [21, 101, 192, 255] : [255, 255, 255, 255];
  });
}

function rasterImage(size, pixel) {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      data.set(pixel(x, y), (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

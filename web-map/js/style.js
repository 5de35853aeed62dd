// The map's inline style: a plain background and the gridbeat layers, drawn from
// GeoJSON sources the app fills at run time.
//
// The style has no `glyphs` and no `sprite`, and no layer draws text: there is no
// glyph server on an offline intranet. The two images it uses (the hatching of grids
// with no officer and the office square) are drawn here, in memory.

/** Ids of the GeoJSON sources, one per OGC collection. */
export const SOURCES = ['jurisdictions', 'grids', 'villages', 'stations', 'offices'];

/** Ids of the style layers, bottom to top. */
export const LAYER = {
  background: 'background',
  jurisdictionFill: 'jurisdictions-fill',
  gridFill: 'grids-fill',
  gridUnassignedHatch: 'grids-unassigned-hatch',
  gridOutline: 'grids-outline',
  gridUnassignedOutline: 'grids-unassigned-outline',
  gridSelected: 'grids-selected',
  jurisdictionOutline: 'jurisdictions-outline',
  village: 'villages-circle',
  office: 'offices-square',
  station: 'stations-circle',
};

/** Layer groups the legend can switch on and off, by source. */
export const LAYER_GROUPS = {
  jurisdictions: [LAYER.jurisdictionFill, LAYER.jurisdictionOutline],
  grids: [
    LAYER.gridFill,
    LAYER.gridUnassignedHatch,
    LAYER.gridOutline,
    LAYER.gridUnassignedOutline,
    LAYER.gridSelected,
  ],
  villages: [LAYER.village],
  stations: [LAYER.station],
  offices: [LAYER.office],
};

const HATCH_IMAGE = 'gb-hatch';
const OFFICE_IMAGE = 'gb-office';

// True for a grid whose `officer_id` is null, missing or empty.
const NO_OFFICER = ['!', ['to-boolean', ['get', 'officer_id']]];

// A filter that matches no feature, for the selection layer before any lookup.
const MATCH_NONE = ['==', ['get', 'id'], '\u0000none'];

/** The complete inline style, with empty sources. */
export function mapStyle() {
  const empty = { type: 'FeatureCollection', features: [] };
  const sources = Object.fromEntries(
    SOURCES.map((id) => [id, { type: 'geojson', data: empty }]),
  );
  return { version: 8, name: 'gridbeat', sources, layers: styleLayers() };
}

/** A filter for the selection layer that picks the grid `gridId`, or none. */
export function selectedGridFilter(gridId) {
  return gridId ? ['==', ['get', 'id'], gridId] : MATCH_NONE;
}

function styleLayers() {
  const zoomed = (...stops) => ['interpolate', ['linear'], ['zoom'], ...stops];
  return [
    { id: LAYER.background, type: 'background', paint: { 'background-color': '#eef1f4' } },
    {
      id: LAYER.jurisdictionFill, type: 'fill', source: 'jurisdictions',
      paint: { 'fill-color': '#fbf8ef', 'fill-opacity': 0.9 },
    },
    {
      id: LAYER.gridFill, type: 'fill', source: 'grids',
      paint: {
        'fill-color': ['coalesce', ['get', 'fill_colour'], '#9e9e9e'],
        'fill-opacity': zoomed(6, 0.6, 14, 0.45),
      },
    },
    {
      id: LAYER.gridUnassignedHatch, type: 'fill', source: 'grids', filter: NO_OFFICER,
      paint: { 'fill-pattern': HATCH_IMAGE },
    },
    {
      id: LAYER.gridOutline, type: 'line', source: 'grids',
      filter: ['!', NO_OFFICER],
      paint: { 'line-color': '#ffffff', 'line-width': zoomed(6, 0.3, 14, 1.2) },
    },
    {
      id: LAYER.gridUnassignedOutline, type: 'line', source: 'grids', filter: NO_OFFICER,
      paint: {
        'line-color': '#4a4a4a',
        'line-width': zoomed(6, 0.6, 14, 1.6),
        'line-dasharray': [3, 2],
      },
    },
    {
      id: LAYER.gridSelected, type: 'line', source: 'grids', filter: MATCH_NONE,
      paint: { 'line-color': '#10202f', 'line-width': 3 },
    },
    {
      id: LAYER.jurisdictionOutline, type: 'line', source: 'jurisdictions',
      paint: { 'line-color': '#2c3e50', 'line-width': zoomed(4, 1.2, 12, 3) },
    },
    {
      id: LAYER.village, type: 'circle', source: 'villages',
      paint: {
        'circle-radius': zoomed(6, 1.5, 10, 3, 15, 6),
        'circle-color': '#ffffff',
        'circle-stroke-color': '#37474f',
        'circle-stroke-width': zoomed(6, 0.5, 12, 1.2),
      },
    },
    {
      id: LAYER.office, type: 'symbol', source: 'offices',
      layout: {
        'icon-image': OFFICE_IMAGE,
        'icon-size': zoomed(6, 0.6, 14, 1),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      id: LAYER.station, type: 'circle', source: 'stations',
      paint: {
        'circle-radius': zoomed(6, 4, 14, 8),
        'circle-color': '#c62828',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ];
}

/** Adds the in-memory images the style refers to. Call once the style has loaded. */
export function addStyleImages(map) {
  map.addImage(HATCH_IMAGE, hatchImage(), { pixelRatio: 2 });
  map.addImage(OFFICE_IMAGE, officeImage(), { pixelRatio: 2 });
}

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

// Bounding boxes of GeoJSON features, (lon, lat) in WGS84 degrees.

/**
 * The bounding box of `features` as `[[west, south], [east, north]]`, or null when they
 * hold no finite coordinate. Features with a null geometry are skipped.
 */
export function featuresBounds(features) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of features) {
    extendWithGeometry(box, feature?.geometry);
  }
  if (!Number.isFinite(box[0])) {
    return null;
  }
  return [[box[0], box[1]], [box[2], box[3]]];
}

function extendWithGeometry(box, geometry) {
  if (!geometry) {
    return;
  }
  if (geometry.type === 'GeometryCollection') {
    for (const part of geometry.geometries ?? []) {
      extendWithGeometry(box, part);
    }
    return;
  }
  extendWithCoordinates(box, geometry.coordinates);
}

// Coordinates nest to any depth; a position is an array whose first item is a number.
function extendWithCoordinates(box, coordinates) {
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    return;
  }
  if (typeof coordinates[0] === 'number') {
    const [lon, lat] = coordinates;
    if (Number.isFinite(lon) && Number.isFinite(lat)) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
    return;
  }
  for (const child of coordinates) {
    extendWithCoordinates(box, child);
  }
}

// Colours for grids: each primary officer gets a stable colour of their own, so the
// grids one officer answers for read as one patch on the map.

/** The fill of a grid that has no primary officer. */
export const NO_OFFICER_COLOUR = '#9e9e9e';

/**
 * 32-bit hash of a string's UTF-16 code units: FNV-1a, then MurmurHash3's final mix.
 *
 * FNV-1a alone barely moves its low bits between ids that differ only in the last
 * character (`p1`, `p2`), which gave neighbouring officers near-equal hues; the final
 * mix spreads every input bit over the whole word.
 */
export function hashId(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * The fill colour for a grid whose primary officer is `officerId`, as a CSS `hsl()`.
 *
 * The hue comes from the hash; saturation and lightness vary a little with other bits
 * of it, so two officers with close hues still differ. Null or empty gives grey.
 */
export function officerColour(officerId) {
  if (officerId === null || officerId === undefined || officerId === '') {
    return NO_OFFICER_COLOUR;
  }
  const hash = hashId(String(officerId));
  const hue = hash % 360;
  const saturation = 55 + ((hash >>> 9) % 25);
  const lightness = 48 + ((hash >>> 17) % 14);
  return `hsl(${hue}, ${saturation}%, ${lightness}%)`;
}

/** Adds a `fill_colour` property to each grid feature, in place; returns the features. */
export function paintGrids(features) {
  for (const feature of features) {
    feature.properties ??= {};
    feature.properties.fill_colour = officerColour(feature.properties.officer_id);
  }
  return features;
}

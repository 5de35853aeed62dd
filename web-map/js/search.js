// The village search box: type a name (城关) or a 12-digit code, pick a match.

import { featuresBounds } from './bounds.js';
import { translator } from './i18n.js';

/** Wait after the last keystroke before asking the server, in milliseconds. */
export const SEARCH_DELAY_MS = 250;

/** Matches listed at most. */
export const SEARCH_LIMIT = 20;

/** Village kinds the interface has words for; others are shown as the API names them. */
export const KINDS = [
  'town', 'village', 'hamlet', 'suburb', 'neighbourhood', 'isolated_dwelling', 'urban_community',
];

/** The label of a village kind in the language of `t`. */
export function kindLabel(kind, t = translator('zh')) {
  return KINDS.includes(kind) ? t(`kind.${kind}`) : (kind ?? '');
}

/** The detail line of a match: code and kind. */
export function matchDetail(properties, t = translator('zh')) {
  return [properties?.code, kindLabel(properties?.kind, t)].filter(Boolean).join(' · ');
}

/** The (lon, lat) to fly to for a village feature: its point, or its bounds' centre. */
export function villageLocation(feature) {
  const geometry = feature?.geometry;
  if (geometry?.type === 'Point') {
    return geometry.coordinates.slice(0, 2);
  }
  const bounds = featuresBounds([feature]);
  if (!bounds) {
    return null;
  }
  return [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2];
}

/**
 * Wires the search `input` to the result `list`: asks `api.searchVillages` as the user
 * types and calls `onPick(feature, [lon, lat])` when a match is chosen. `getT()` gives
 * the current language's translator; call the returned `refresh()` after a language
 * change to redraw the list.
 */
export function attachSearch({ input, list, api, onPick, getT = () => translator('zh') }) {
  let timer = null;
  let inFlight = null;
  let matches = [];
  let note = null;
  let active = -1;

  // `message` is an i18n key, or `{ text }` for a server message shown as sent.
  const show = (items, message) => {
    matches = items;
    note = message;
    active = -1;
    renderMatches(list, items, message, pick, getT());
  };

  const pick = (index) => {
    const feature = matches[index];
    const location = villageLocation(feature);
    if (!location) {
      return;
    }
    show([], null);
    input.value = feature.properties?.name ?? input.value;
    onPick(feature, location);
  };

  const run = async (text) => {
    inFlight?.abort();
    inFlight = new AbortController();
    const { signal } = inFlight;
    try {
      const found = await api.searchVillages(text, { limit: SEARCH_LIMIT, signal });
      show(found, found.length === 0 ? 'search.none' : null);
    } catch (error) {
      if (error.name !== 'AbortError') {
        show([], { text: error.message });
      }
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text === '') {
      inFlight?.abort();
      show([], null);
      return;
    }
    timer = setTimeout(() => run(text), SEARCH_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      show([], null);
    } else if (event.key === 'Enter' && matches.length > 0) {
      event.preventDefault();
      pick(Math.max(active, 0));
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + matches.length) % Math.max(matches.length, 1);
      highlight(list, active);
    }
  });

  return {
    refresh() {
      renderMatches(list, matches, note, pick, getT());
      highlight(list, active);
    },
  };
}

function renderMatches(list, items, message, pick, t) {
  list.replaceChildren();
  list.hidden = items.length === 0 && !message;
  if (message) {
    const note = document.createElement('li');
    note.className = 'gb-search-note';
    note.textContent = typeof message === 'string' ? t(message) : message.text;
    list.append(note);
  }

  items.forEach((feature, index) => {
    const props = feature.properties ?? {};
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'gb-match';

    const name = document.createElement('span');
    name.className = 'gb-match-name';
    name.textContent = props.name ?? props.id ?? '';
    const detail = document.createElement('span');
    detail.className = 'gb-match-detail';
    detail.textContent = matchDetail(props, t);

    button.append(name, detail);
    button.addEventListener('click', () => pick(index));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  });
}

function highlight(list, active) {
  list.querySelectorAll('.gb-match').forEach((button, index) => {
    button.classList.toggle('gb-active', index === active);
    if (index === active) {
      button.scrollIntoView({ block: 'nearest' });
    }
  });
}

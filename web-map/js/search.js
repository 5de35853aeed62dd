// The village search box: type a name (城关) or a 12-digit code, pick a match.

import { featuresBounds } from './bounds.js';

/** Wait after the last keystroke before asking the server, in milliseconds. */
export const SEARCH_DELAY_MS = 250;

/** Matches listed at most. */
export const SEARCH_LIMIT = 20;

/** Interface text for village kinds, by the API's kind name. */
export const KIND_LABEL = {
  town: '镇 town',
  village: '村 village',
  hamlet: '自然村 hamlet',
  suburb: '城区 suburb',
  neighbourhood: '街区 neighbourhood',
  isolated_dwelling: '散居 dwelling',
  urban_community: '社区 community',
};

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
 * types and calls `onPick(feature, [lon, lat])` when a match is chosen.
 */
export function attachSearch({ input, list, api, onPick }) {
  let timer = null;
  let inFlight = null;
  let matches = [];
  let active = -1;

  const show = (items, message) => {
    matches = items;
    active = -1;
    renderMatches(list, items, message, pick);
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
      show(found, found.length === 0 ? '无匹配 No matches' : null);
    } catch (error) {
      if (error.name !== 'AbortError') {
        show([], error.message);
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
}

function renderMatches(list, items, message, pick) {
  list.replaceChildren();
  list.hidden = items.length === 0 && !message;
  if (message) {
    const note = document.createElement('li');
    note.className = 'gb-search-note';
    note.textContent = message;
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
    detail.textContent = [props.code, KIND_LABEL[props.kind] ?? props.kind]
      .filter(Boolean)
      .join(' · ');

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

// What the lookup popup shows, built from a `/api/v1/lookup` answer.
//
// `lookupSummary` is pure and runs under node for the unit tests; `renderLookup` and
// friends build DOM nodes. Server text always goes in through `textContent`, never as
// HTML. Every function takes `t`, the interface language's translator (js/i18n.js).

import { translator } from './i18n.js';

const DEFAULT_T = translator('zh');

const ROLE_RANK = { community: 0, auxiliary: 1 };

/**
 * Officers in the order the popup lists them: the grid's primary officer first, then
 * other community officers, then auxiliaries; ties keep the server's order.
 *
 * The primary is the officer the server marks `primary: true`, else the one whose id is
 * `primaryId` (the grid's `officer_id`). Only when the grid does not say at all
 * (`primaryId` undefined) is the first community officer taken; a grid whose
 * `officer_id` is null has no primary officer, whoever else serves it.
 */
export function sortOfficers(officers, primaryId) {
  const list = Array.isArray(officers) ? officers.filter(Boolean) : [];
  const primary = list.find((o) => o.primary === true)
    ?? list.find((o) => primaryId && o.id === primaryId)
    ?? (primaryId === undefined ? list.find((o) => o.role === 'community') : undefined);

  const rank = (o) => (o === primary ? -1 : ROLE_RANK[o.role] ?? 2);
  return list
    .map((officer, index) => ({ officer, index }))
    .sort((a, b) => rank(a.officer) - rank(b.officer) || a.index - b.index)
    .map(({ officer }) => ({ ...officer, primary: officer === primary }));
}

/** The label of an officer role (`community`, `auxiliary`); unknown roles as sent. */
export function roleLabel(role, t = DEFAULT_T) {
  return role === 'community' || role === 'auxiliary' ? t(`role.${role}`) : String(role ?? '');
}

/** The popup's content as plain data: coverage, labelled rows and the officer list. */
export function lookupSummary(answer, t = DEFAULT_T) {
  const pick = (part, key) => (answer?.[part] && answer[part][key]) || null;
  const rows = [
    { key: 'jurisdiction', label: t('lookup.jurisdiction'), value: pick('jurisdiction', 'name') },
    { key: 'grid', label: t('lookup.grid'), value: pick('grid', 'code') },
    { key: 'village', label: t('lookup.village'), value: pick('village', 'name') },
    { key: 'office', label: t('lookup.office'), value: pick('office', 'name') },
    { key: 'station', label: t('lookup.station'), value: pick('station', 'name') },
  ];
  const officers = sortOfficers(answer?.officers, answer?.grid?.officer_id)
    .map((o) => ({
      id: o.id,
      name: o.name || '',
      role: o.role,
      roleLabel: roleLabel(o.role, t),
      primary: o.primary,
    }));
  const covered = Boolean(answer?.covered);
  // Covered, but no officer answers for the grid (auxiliaries may still serve it).
  const noPrimary = covered && !officers.some((o) => o.primary);
  return { covered, rows, officers, noPrimary };
}

/** A DOM node for the popup while the lookup is on its way. */
export function renderPending(lon, lat, t = DEFAULT_T) {
  const root = el('div', 'gb-lookup gb-pending');
  root.dataset.state = 'pending';
  root.append(el('p', 'gb-muted', t('lookup.pending')), coordinatesLine(lon, lat));
  return root;
}

/** A DOM node for a failed lookup, showing the server's message. */
export function renderError(message, lon, lat, t = DEFAULT_T) {
  const root = el('div', 'gb-lookup');
  root.dataset.state = 'error';
  root.append(el('p', 'gb-error', message || t('lookup.failed')));
  root.append(coordinatesLine(lon, lat));
  return root;
}

/** A DOM node for a lookup answer. */
export function renderLookup(answer, lon, lat, t = DEFAULT_T) {
  const summary = lookupSummary(answer, t);
  const root = el('div', 'gb-lookup');
  root.dataset.state = 'done';
  root.dataset.covered = String(summary.covered);

  const badge = summary.covered
    ? el('span', 'gb-badge gb-covered', t('lookup.covered'))
    : el('span', 'gb-badge gb-uncovered', t('lookup.uncovered'));
  root.append(badge);

  const table = el('dl', 'gb-rows');
  for (const row of summary.rows) {
    const value = el('dd', `gb-${row.key}`, row.value ?? '—');
    if (row.value === null) {
      value.classList.add('gb-muted');
    }
    table.append(el('dt', null, row.label), value);
  }
  root.append(table, renderOfficers(summary, t), coordinatesLine(lon, lat));
  return root;
}

function renderOfficers({ covered, officers, noPrimary }, t) {
  const section = el('div', 'gb-officers');
  section.append(el('h3', null, t('lookup.officers')));
  if (!covered) {
    section.append(el('p', 'gb-no-officer', t('lookup.outside')));
    return section;
  }
  if (noPrimary) {
    section.append(el('p', 'gb-no-officer', t('lookup.no-officer')));
  }
  if (officers.length === 0) {
    return section;
  }

  const list = el('ul');
  for (const officer of officers) {
    const item = el('li', officer.primary ? 'gb-officer gb-primary' : 'gb-officer');
    item.append(el('span', 'gb-officer-name', officer.name));
    item.append(el('span', `gb-role gb-role-${officer.role}`, officer.roleLabel));
    if (officer.primary) {
      item.append(el('span', 'gb-primary-mark', t('lookup.primary')));
    }
    list.append(item);
  }
  section.append(list);
  return section;
}

function coordinatesLine(lon, lat) {
  return el('p', 'gb-coords', `${lon.toFixed(5)}, ${lat.toFixed(5)}`);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// What the lookup popup shows, built from a `/api/v1/lookup` answer.
//
// `lookupSummary` is pure and runs under node for the unit tests; `renderLookup` and
// friends build DOM nodes. Server text always goes in through `textContent`, never as
// HTML.

/** Interface text for officer roles, by the API's role name. */
export const ROLE_LABEL = {
  community: '社区民警',
  auxiliary: '辅警',
};

const ROLE_RANK = { community: 0, auxiliary: 1 };

/**
 * Officers in the order the popup lists them: the grid's primary officer first, then
 * other community officers, then auxiliaries; ties keep the server's order.
 *
 * The primary is the officer whose id is `primaryId` (the grid's `officer_id`) or, when
 * that is unknown, the first community officer.
 */
export function sortOfficers(officers, primaryId) {
  const list = Array.isArray(officers) ? officers.filter(Boolean) : [];
  const primary = list.find((o) => primaryId && o.id === primaryId)
    ?? list.find((o) => o.role === 'community');

  const rank = (o) => (o === primary ? -1 : ROLE_RANK[o.role] ?? 2);
  return list
    .map((officer, index) => ({ officer, index }))
    .sort((a, b) => rank(a.officer) - rank(b.officer) || a.index - b.index)
    .map(({ officer }) => ({ ...officer, primary: officer === primary }));
}

/** The popup's content as plain data: coverage, labelled rows and the officer list. */
export function lookupSummary(answer) {
  const pick = (part, key) => (answer?.[part] && answer[part][key]) || null;
  const rows = [
    { key: 'jurisdiction', label: '辖区 Jurisdiction', value: pick('jurisdiction', 'name') },
    { key: 'grid', label: '网格 Grid', value: pick('grid', 'code') },
    { key: 'village', label: '村/社区 Village', value: pick('village', 'name') },
    { key: 'office', label: '警务室 Office', value: pick('office', 'name') },
    { key: 'station', label: '派出所 Station', value: pick('station', 'name') },
  ];
  const officers = sortOfficers(answer?.officers, pick('grid', 'officer_id'))
    .map((o) => ({
      id: o.id,
      name: o.name || '',
      role: o.role,
      roleLabel: ROLE_LABEL[o.role] ?? String(o.role ?? ''),
      primary: o.primary,
    }));
  return { covered: Boolean(answer?.covered), rows, officers };
}

/** A DOM node for the popup while the lookup is on its way. */
export function renderPending(lon, lat) {
  const root = el('div', 'gb-lookup gb-pending');
  root.dataset.state = 'pending';
  root.append(el('p', 'gb-muted', '查询中… Looking up'), coordinatesLine(lon, lat));
  return root;
}

/** A DOM node for a failed lookup, showing the server's message. */
export function renderError(message, lon, lat) {
  const root = el('div', 'gb-lookup');
  root.dataset.state = 'error';
  root.append(el('p', 'gb-error', message || '查询失败 Lookup failed'));
  root.append(coordinatesLine(lon, lat));
  return root;
}

/** A DOM node for a lookup answer. */
export function renderLookup(answer, lon, lat) {
  const summary = lookupSummary(answer);
  const root = el('div', 'gb-lookup');
  root.dataset.state = 'done';
  root.dataset.covered = String(summary.covered);

  const badge = summary.covered
    ? el('span', 'gb-badge gb-covered', '已覆盖 Covered')
    : el('span', 'gb-badge gb-uncovered', '未覆盖 Not covered');
  root.append(badge);

  const table = el('dl', 'gb-rows');
  for (const row of summary.rows) {
    const value = el('dd', `gb-${row.key}`, row.value ?? '—');
    if (row.value === null) {
      value.classList.add('gb-muted');
    }
    table.append(el('dt', null, row.label), value);
  }
  root.append(table, renderOfficers(summary), coordinatesLine(lon, lat));
  return root;
}

function renderOfficers({ covered, officers }) {
  const section = el('div', 'gb-officers');
  section.append(el('h3', null, '责任民警 Officers'));
  if (officers.length === 0) {
    const text = covered ? '无责任民警 No officer assigned' : '不在任何网格内 Outside every grid';
    section.append(el('p', 'gb-no-officer', text));
    return section;
  }

  const list = el('ul');
  for (const officer of officers) {
    const item = el('li', officer.primary ? 'gb-officer gb-primary' : 'gb-officer');
    item.append(el('span', 'gb-officer-name', officer.name));
    item.append(el('span', `gb-role gb-role-${officer.role}`, officer.roleLabel));
    if (officer.primary) {
      item.append(el('span', 'gb-primary-mark', '主责 primary'));
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

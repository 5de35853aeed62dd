// Interface text in Chinese and English, and the language the user picked.
//
// Only the interface is translated: names of places, grids and people are data and are
// shown as the server sends them. The choice is kept in localStorage under STORAGE_KEY.

/** Languages the interface speaks; the first is the default. */
export const LANGUAGES = ['zh', 'en'];

/** localStorage key of the chosen language. */
export const STORAGE_KEY = 'gridbeat.lang';

/** The `lang` attribute for each language. */
export const HTML_LANG = { zh: 'zh-CN', en: 'en' };

/** Interface text by language and key. `{name}` is replaced by `translate`. */
export const STRINGS = {
  zh: {
    'app.subtitle': '网格警务地图',
    'app.title': '网格警务地图',
    'map.label': '地图',
    'lang.label': '界面语言',
    'search.label': '搜索村/社区',
    'search.placeholder': '名称或12位代码',
    'search.none': '无匹配',
    'layers.title': '图层',
    'layers.basemap': '底图',
    'layers.roads': '道路',
    'layers.jurisdictions': '辖区',
    'layers.grids': '网格',
    'layers.villages': '村/社区',
    'layers.stations': '派出所',
    'layers.offices': '警务室',
    'layers.labels': '注记',
    'legend.title': '图例',
    'legend.grid': '网格（颜色区分责任民警）',
    'legend.unassigned': '网格：无责任民警',
    'legend.jurisdiction': '辖区界线',
    'legend.village': '村/社区',
    'legend.station': '派出所',
    'legend.office': '警务室',
    'legend.road-major': '主要道路',
    'legend.road-street': '街道',
    'legend.road-path': '小路',
    'gaps.title': '覆盖缺口',
    'gaps.unassigned': '无责任民警',
    'gaps.distance': '距离过远',
    'gaps.max-km': '最大距离（公里）',
    'gaps.metric': '度量',
    'gaps.straight': '直线距离',
    'gaps.travel': '道路行程时间',
    'gaps.max-minutes': '最长行程（分钟）',
    'gaps.partition': '网格划分：空洞、重叠、越界',
    'gaps.workload': '工作量偏高/偏低的民警',
    'gaps.loading': '加载中…',
    'gaps.failed': '加载失败：{message}',
    'gaps.summary.unassigned': '网格 {grids} · 村/社区 {villages} · 警务室 {offices} · 民警 {officers}',
    'gaps.summary.distance': '距本警务室过远 {own} · 距所有警务室过远 {any}（共查 {checked} 个村/社区）',
    'gaps.summary.partition': '空洞 {holes} · 重叠 {overlaps} · 越出辖区 {outside}',
    'gaps.summary.workload': '偏高 {above} · 偏低 {below}（中位数 {median}）',
    'coverage.title': '各辖区覆盖率',
    'coverage.name': '辖区',
    'coverage.villages': '村/社区',
    'coverage.grids': '网格',
    'coverage.zoom': '缩放到该辖区',
    'patrol.title': '巡逻路线',
    'patrol.officer': '民警',
    'patrol.choose': '选择民警…',
    'patrol.profile': '方式',
    'patrol.car': '驾车',
    'patrol.foot': '步行',
    'patrol.return': '返回警务室',
    'patrol.officers': '分给几名民警',
    'patrol.villages': '添加其负责的村/社区',
    'patrol.clear': '清除',
    'patrol.pick': '点击地图添加停靠点',
    'patrol.plan': '规划巡逻',
    'patrol.stops': '停靠点 {count} 个',
    'patrol.point': '地图点 {n}',
    'patrol.summary': '已安排 {served}/{stops} 个停靠点 · 共 {km} 公里 · 最长 {longest} 分钟',
    'patrol.route': '民警 {officer}：{stops} 个停靠点 · {km} 公里 · {minutes} 分钟 · {end} 结束',
    'patrol.unserved': '未安排 {name}：{message}',
    'patrol.route-option': '民警 {officer} 的路线',
    'patrol.download': '下载',
    'patrol.isochrone': '服务范围',
    'patrol.minutes': '分钟',
    'patrol.isochrone-show': '显示其警务室的服务范围',
    'patrol.isochrone-done': '{office} {minutes} 分钟可达范围',
    'patrol.isochrone-all': '所有警务室',
    'patrol.isochrone-all-done': '{count} 个警务室 {minutes} 分钟可达范围',
    'token.title': '访问令牌',
    'token.placeholder': '粘贴令牌',
    'token.save': '使用',
    'token.clear': '清除',
    'token.stored': '已保存令牌，随每次请求发送',
    'status.token': '此服务器需要访问令牌（{message}）：请在上方“访问令牌”中输入',
    'hint': '点击地图查询责任民警',
    'status.loading': '加载中…',
    'status.failed': '地图加载失败：{message}',
    'status.tiles': '部分瓦片加载失败：{message}',
    'lookup.pending': '查询中…',
    'lookup.failed': '查询失败',
    'lookup.covered': '已覆盖',
    'lookup.uncovered': '未覆盖',
    'lookup.jurisdiction': '辖区',
    'lookup.grid': '网格',
    'lookup.village': '村/社区',
    'lookup.office': '警务室',
    'lookup.station': '派出所',
    'lookup.officers': '责任民警',
    'lookup.no-officer': '无责任民警',
    'lookup.outside': '不在任何网格内',
    'lookup.primary': '主责',
    'role.community': '社区民警',
    'role.auxiliary': '辅警',
    'kind.town': '镇',
    'kind.village': '村',
    'kind.hamlet': '自然村',
    'kind.suburb': '城区',
    'kind.neighbourhood': '街区',
    'kind.isolated_dwelling': '散居',
    'kind.urban_community': '社区',
  },
  en: {
    'app.subtitle': 'Policing grid map',
    'app.title': 'Policing grid map',
    'map.label': 'Map',
    'lang.label': 'Interface language',
    'search.label': 'Find a village',
    'search.placeholder': 'Name or 12-digit code',
    'search.none': 'No matches',
    'layers.title': 'Layers',
    'layers.basemap': 'Basemap',
    'layers.roads': 'Roads',
    'layers.jurisdictions': 'Jurisdictions',
    'layers.grids': 'Grids',
    'layers.villages': 'Villages',
    'layers.stations': 'Police stations',
    'layers.offices': 'Police offices',
    'layers.labels': 'Labels',
    'legend.title': 'Legend',
    'legend.grid': 'Grid (colour per officer)',
    'legend.unassigned': 'Grid with no officer',
    'legend.jurisdiction': 'Jurisdiction boundary',
    'legend.village': 'Village or community',
    'legend.station': 'Police station',
    'legend.office': 'Police office',
    'legend.road-major': 'Main road',
    'legend.road-street': 'Street',
    'legend.road-path': 'Path or track',
    'gaps.title': 'Coverage gaps',
    'gaps.unassigned': 'Without an officer',
    'gaps.distance': 'Too far from the office',
    'gaps.max-km': 'Maximum distance (km)',
    'gaps.metric': 'Measure',
    'gaps.straight': 'straight line',
    'gaps.travel': 'travel time on roads',
    'gaps.max-minutes': 'Longest trip (minutes)',
    'gaps.partition': 'Partition: holes, overlaps, outside',
    'gaps.workload': 'Officers with too much or too little',
    'gaps.loading': 'Loading…',
    'gaps.failed': 'Failed to load: {message}',
    'gaps.summary.unassigned': 'Grids {grids} · villages {villages} · offices {offices} · officers {officers}',
    'gaps.summary.distance': 'Beyond own office {own} · beyond every office {any} (of {checked} villages)',
    'gaps.summary.partition': 'Holes {holes} · overlaps {overlaps} · outside {outside}',
    'gaps.summary.workload': 'Above {above} · below {below} (median {median})',
    'coverage.title': 'Coverage by jurisdiction',
    'coverage.name': 'Jurisdiction',
    'coverage.villages': 'Villages',
    'coverage.grids': 'Grids',
    'coverage.zoom': 'Zoom to this jurisdiction',
    'patrol.title': 'Patrol route',
    'patrol.officer': 'Officer',
    'patrol.choose': 'Choose an officer…',
    'patrol.profile': 'By',
    'patrol.car': 'car',
    'patrol.foot': 'foot',
    'patrol.return': 'Return to the office',
    'patrol.officers': 'Share among officers',
    'patrol.villages': "Add the officer's villages",
    'patrol.clear': 'Clear',
    'patrol.pick': 'Click the map to add stops',
    'patrol.plan': 'Plan the patrol',
    'patrol.stops': '{count} stops',
    'patrol.point': 'Map point {n}',
    'patrol.summary': '{served} of {stops} stops planned · {km} km · longest {longest} min',
    'patrol.route': 'Officer {officer}: {stops} stops · {km} km · {minutes} min · ends {end}',
    'patrol.unserved': 'Not planned {name}: {message}',
    'patrol.route-option': "Officer {officer}'s route",
    'patrol.download': 'Download',
    'patrol.isochrone': 'Service area',
    'patrol.minutes': 'minutes',
    'patrol.isochrone-show': "Show the office's service area",
    'patrol.isochrone-done': 'Reached from {office} within {minutes} min',
    'patrol.isochrone-all': 'Every office',
    'patrol.isochrone-all-done': 'Reached from {count} offices within {minutes} min',
    'token.title': 'Access token',
    'token.placeholder': 'Paste a token',
    'token.save': 'Use',
    'token.clear': 'Clear',
    'token.stored': 'A token is stored and sent with every request',
    'status.token': 'This server needs an access token ({message}): enter it under "Access token" above',
    'hint': 'Click the map to see who is responsible',
    'status.loading': 'Loading…',
    'status.failed': 'The map failed to load: {message}',
    'status.tiles': 'Some tiles failed to load: {message}',
    'lookup.pending': 'Looking up…',
    'lookup.failed': 'Lookup failed',
    'lookup.covered': 'Covered',
    'lookup.uncovered': 'Not covered',
    'lookup.jurisdiction': 'Jurisdiction',
    'lookup.grid': 'Grid',
    'lookup.village': 'Village',
    'lookup.office': 'Office',
    'lookup.station': 'Station',
    'lookup.officers': 'Officers',
    'lookup.no-officer': 'No officer assigned',
    'lookup.outside': 'Outside every grid',
    'lookup.primary': 'primary',
    'role.community': 'Community officer',
    'role.auxiliary': 'Auxiliary',
    'kind.town': 'town',
    'kind.village': 'village',
    'kind.hamlet': 'hamlet',
    'kind.suburb': 'suburb',
    'kind.neighbourhood': 'neighbourhood',
    'kind.isolated_dwelling': 'dwelling',
    'kind.urban_community': 'community',
  },
};

/** `lang` if it is a language the interface speaks, else null. */
export function normalizeLanguage(lang) {
  if (typeof lang !== 'string') {
    return null;
  }
  const base = lang.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(base) ? base : null;
}

/**
 * The language to start in: the stored choice, else Chinese. The browser's own language
 * is not consulted: the map is for Chinese police stations, English is the exception.
 */
export function initialLanguage(stored) {
  return normalizeLanguage(stored) ?? LANGUAGES[0];
}

/** The text for `key` in `lang` with `{name}` placeholders filled from `vars`. */
export function translate(lang, key, vars = {}) {
  const table = STRINGS[lang] ?? STRINGS[LANGUAGES[0]];
  const text = table[key] ?? STRINGS[LANGUAGES[0]][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A `t(key, vars)` function for `lang`. */
export function translator(lang) {
  return (key, vars) => translate(lang, key, vars);
}

/**
 * Writes the interface text of `lang` into `root`: `data-i18n` sets the text,
 * `data-i18n-placeholder`, `data-i18n-aria-label` and `data-i18n-title` set attributes.
 */
export function applyTranslations(root, lang) {
  const t = translator(lang);
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
  for (const node of root.querySelectorAll('[data-i18n-title]')) {
    node.setAttribute('title', t(node.dataset.i18nTitle));
  }
}

/** The stored language, or null when there is none or storage is unavailable. */
export function loadLanguage(storage = globalThis.localStorage) {
  try {
    return normalizeLanguage(storage?.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Stores `lang`; storage may be disabled (private mode), which is not an error. */
export function saveLanguage(lang, storage = globalThis.localStorage) {
  try {
    storage?.setItem(STORAGE_KEY, lang);
  } catch {
    // The choice then lasts for this page only.
  }
}

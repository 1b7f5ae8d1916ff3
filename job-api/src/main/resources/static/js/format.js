// Small DOM builders and formatters shared by the views.

export const STATUSES = ['pending', 'in_progress', 'complete', 'failed', 'cancelled'];
export const RESULT_STATUSES = ['pending', 'claimed', 'submitted', 'failed', 'skipped'];

/**
 * el('td', {class: 'num', text: '3'}, child...). Text is only ever set as text (textContent), never
 * parsed as markup: much of what the page shows (error messages, names, listing URLs) comes from
 * directory sites, which are third parties. Styles are set through the style object (style: {width:
 * '50%'}), which the Content-Security-Policy allows, never as an inline style attribute, which it refuses.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'style') {
      Object.assign(node.style, value);
    } else if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name.startsWith('data-')) {
      node.setAttribute(name, value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

export function statusLabel(status) {
  return status ? status.replace('_', ' ') : '';
}

export function statusBadge(status) {
  return el('span', { class: `badge status-${status}`, 'data-status': status, text: statusLabel(status) });
}

/**
 * The job's progress as a stacked bar: submitted, failed and skipped segments over the planned
 * total, with the percent (floor(100 × done / total), as the API computes it) and done/total.
 */
export function progressBar(job, { large = false } = {}) {
  const p = job.progress || { total: 0, done: 0, submitted: 0, failed: 0, skipped: 0, percent: 0 };
  const total = Math.max(p.total, 1);
  const segment = (kind, count) => el('span', {
    class: `segment ${kind}`,
    style: { width: `${(100 * count) / total}%` },
  });
  const running = job.status === 'in_progress' || job.status === 'pending';
  const bar = el(
    'div',
    {
      class: `progress${large ? ' large' : ''}${running ? ' running' : ''}`,
      role: 'progressbar',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': String(p.percent),
      'data-percent': String(p.percent),
      title: `${p.submitted} submitted · ${p.failed} failed · ${p.skipped} skipped · ${p.total - p.done} open`,
    },
    el('span', { class: 'track' }, segment('submitted', p.submitted), segment('failed', p.failed),
      segment('skipped', p.skipped)),
    el('span', { class: 'percent', text: `${p.percent} %` }),
  );
  const legend = el(
    'div',
    { class: 'progress-legend' },
    el('span', { class: 'count done', text: `${p.done}/${p.total}` }),
    el('span', { class: 'count submitted', text: `${p.submitted} ok` }),
    p.failed ? el('span', { class: 'count failed', text: `${p.failed} failed` }) : null,
    p.skipped ? el('span', { class: 'count skipped', text: `${p.skipped} skipped` }) : null,
  );
  return el('div', { class: 'progress-cell' }, bar, legend);
}

export function age(iso, now = Date.now()) {
  if (!iso) {
    return '';
  }
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours}h ${minutes % 60}m`;
  }
  return `${Math.floor(hours / 24)}d`;
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function duration(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function percentText(rate) {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`;
}

/**
 * The URL, normalised, when it is an absolute http or https URL; otherwise null. A listing URL comes
 * from a directory site: anything else (javascript:, data:, a relative path, garbage) must never
 * become a link.
 */
export function httpUrl(url) {
  if (typeof url !== 'string') {
    return null;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A listing URL as a link when it is http(s), else as plain text; '—' when there is none. */
export function listingLink(url) {
  if (!url) {
    return '—';
  }
  const href = httpUrl(url);
  return href
    ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: shortUrl(href) })
    : el('span', { class: 'listing-text', title: url, text: url });
}

function shortUrl(url) {
  const u = new URL(url);
  return u.host + (u.pathname.length > 24 ? `${u.pathname.slice(0, 24)}…` : u.pathname);
}

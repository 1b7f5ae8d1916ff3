// The job detail's history panel: the audit trail of GET /api/jobs/{id}/history, oldest first.
import { api } from './api.js';
import { dateTime, el } from './format.js';

const $ = (id) => document.getElementById(id);

/** Loads and shows the job's history; resolves false when another job's detail opened meanwhile. */
export async function loadJobHistory(jobId, stillShown) {
  const entries = await api(`/api/jobs/${jobId}/history`);
  if (!stillShown()) {
    return false;
  }
  $('history-table').tBodies[0].replaceChildren(...entries.map((entry) => el('tr', { 'data-action': entry.action },
    el('td', { class: 'when', title: entry.at, text: dateTime(entry.at) }),
    el('td', { class: 'who' },
      el('div', { text: entry.actor }), el('div', { class: 'sub', text: entry.actorRole || '' })),
    el('td', { class: 'what' },
      el('div', { class: 'mono', text: entry.action }),
      details(entry.details) ? el('div', { class: 'sub', text: details(entry.details) }) : null),
    el('td', { class: 'mono request-id', text: entry.requestId || '—' }))));
  $('history-empty').hidden = entries.length > 0;
  return true;
}

export function clearJobHistory() {
  $('history-table').tBodies[0].replaceChildren();
}

/** The details object as short text: "attempt: 2 · include: skipped". */
function details(value) {
  if (!value || typeof value !== 'object') {
    return '';
  }
  return Object.entries(value)
    .map(([name, v]) => `${name}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

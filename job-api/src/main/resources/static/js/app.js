// The AutoBolt dashboard: sign-in, the jobs table with live progress, job detail, stats, new job.
import { api, ApiError, forgetKey, storedKey, storeKey } from './api.js';
import {
  age, dateTime, duration, el, listingLink, percentText, progressBar, statusBadge, statusLabel, STATUSES,
} from './format.js';
import { NewJobDialog } from './new-job.js';
import { OperationsView } from './operations.js';
import { CustomerEditDialog } from './customer-edit.js';
import { clearJobHistory, loadJobHistory } from './job-history.js';
import { canRecord, PersonDirectories, RecordResultDialog } from './record-result.js';
import { SharePanel } from './share.js';
import { LiveStream } from './sse.js';
import { JobStore } from './store.js';

const $ = (id) => document.getElementById(id);
const LIST_SIZE = 100;
const DIRECTORY_ROWS = 12;

const state = {
  role: null, // 'viewer' | 'staff' | 'admin'; null while unknown (no /api/me): buttons shown, the API decides
  filter: { status: '', customerId: '' },
  customers: new Map(),
  customerLookups: new Map(),
  totalItems: null,
  // Pages of the list loaded for the current filter; a reload refreshes all of them.
  pages: 1,
  detailId: null,
  loadedOnce: false,
  showAllDirectories: false,
  confirmingCancel: new Set(),
};
const store = new JobStore();
let stream = null;
let newJobDialog = null;
let operations = null;
let customerEditDialog = null;
let sharePanel = null;
let recordResultDialog = null;
const personDirectories = new PersonDirectories();
const timers = {};

// ---------- sign-in ----------

async function signIn(key) {
  storeKey(key);
  try {
    state.role = await resolveRole();
  } catch (e) {
    forgetKey();
    throw e;
  }
  enterApp();
}

/**
 * The key's role from GET /api/me; null when job-api has no such endpoint (404, or 403 from a job-api
 * whose security denies unknown paths): then buttons are shown and the API decides per action.
 */
async function resolveRole() {
  try {
    const me = await api('/api/me');
    return me && me.role ? me.role : null;
  } catch (e) {
    if (e.status !== 404 && e.status !== 403) {
      throw signInError(e);
    }
  }
  try {
    await api('/api/stats');
  } catch (e) {
    throw signInError(e);
  }
  return null;
}

function signInError(e) {
  if (e.status === 401) {
    return new Error('Unknown API key.');
  }
  if (e.status === 403) {
    return new Error('This key has no access to the dashboard (it needs role viewer, staff or admin).');
  }
  return e;
}

function showSignIn(message) {
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').hidden = !message;
  $('signin-error').textContent = message || '';
  $('api-key').value = '';
  $('api-key').focus();
}

function signOut(message) {
  forgetKey();
  if (stream) {
    stream.stop();
    stream = null;
  }
  Object.values(timers).forEach(clearTimeout);
  operations.hide();
  store.clear();
  personDirectories.clear();
  state.customers.clear();
  state.customerLookups.clear();
  state.loadedOnce = false;
  state.role = null;
  $('jobs-table').tBodies[0].replaceChildren();
  clearDetail();
  showSignIn(message);
}

function canAct() {
  return state.role === null || state.role === 'staff' || state.role === 'admin';
}

// ---------- app ----------

function enterApp() {
  $('signin').hidden = true;
  $('app').hidden = false;
  $('role').textContent = state.role || 'role not reported by job-api';
  $('role').dataset.role = state.role || 'unknown';
  $('new-job-button').hidden = !canAct();
  $('ops-link').hidden = !canAct(); // the operations view is for staff and admin
  stream = new LiveStream('/api/events', { onEvent: onStreamEvent, onState: onStreamState });
  stream.start();
  loadCustomers();
  loadStats();
  route();
}

function onStreamState(liveState, detail) {
  const live = $('live');
  live.dataset.state = liveState;
  const text = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting', denied: 'no live updates' };
  $('live-text').textContent = text[liveState] || liveState;
  live.title = detail ? `live updates: ${liveState} (${detail})` : `live updates: ${liveState}`;
  if (liveState === 'denied' && detail === 'HTTP 401') {
    signOut('The API key was refused; sign in again.');
    return;
  }
  // Without a stream yet, still show the data once; the stream catches up when it connects.
  if (liveState !== 'live' && liveState !== 'connecting' && !state.loadedOnce) {
    reloadAll();
  }
}

function onStreamEvent(message) {
  if (message.event === 'ready') {
    // Subscribed first, then loaded: nothing is missed between the two; events apply on top by version.
    reloadAll();
    return;
  }
  if (message.event !== 'job') {
    return;
  }
  let job;
  try {
    job = JSON.parse(message.data);
  } catch {
    return;
  }
  if (store.apply(job)) {
    jobChanged(job.id);
  }
}

function reloadAll() {
  state.loadedOnce = true;
  loadJobs();
  loadStats();
  if (state.detailId) {
    loadDetail(state.detailId);
  }
}

function jobChanged(id) {
  scheduleRenderJobs();
  debounce('stats', loadStats, 2000);
  if (state.detailId === id) {
    renderDetailHead();
    debounce('results', () => loadResults(id), 700);
    debounce('history', () => loadHistory(id), 700);
  }
}

function debounce(name, action, ms) {
  if (timers[name]) {
    return;
  }
  timers[name] = setTimeout(() => {
    delete timers[name];
    action();
  }, ms);
}

function handle(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut('The API key was refused; sign in again.');
    return;
  }
  flash(error.message || String(error));
}

function flash(text, kind = 'error') {
  const box = $('flash');
  box.dataset.kind = kind;
  $('flash-text').textContent = text;
  box.hidden = false;
  clearTimeout(timers.flash);
  if (kind === 'info') {
    timers.flash = setTimeout(() => {
      box.hidden = true;
    }, 5000);
  }
}

// ---------- customers ----------

async function loadCustomers() {
  try {
    const page = await api('/api/customers?size=100');
    page.items.forEach(rememberCustomer);
    renderCustomerFilter();
    renderJobs();
  } catch (e) {
    handle(e);
  }
}

function rememberCustomer(customer) {
  state.customers.set(customer.id, customer);
}

function customerOf(id) {
  const known = state.customers.get(id);
  if (!known && !state.customerLookups.has(id)) {
    state.customerLookups.set(id, api(`/api/customers/${id}`).then((c) => {
      rememberCustomer(c);
      renderCustomerFilter();
      renderJobs();
      if (state.detailId) {
        renderDetailHead();
      }
    }).catch(() => {}));
  }
  return known;
}

function renderCustomerFilter() {
  const select = $('filter-customer');
  const chosen = select.value;
  const options = [...state.customers.values()]
    .sort((a, b) => a.businessName.localeCompare(b.businessName))
    .map((c) => el('option', { value: c.id, text: c.businessName }));
  select.replaceChildren(el('option', { value: '', text: 'all' }), ...options);
  select.value = chosen;
}

// ---------- jobs table ----------

async function loadJobs() {
  try {
    const pages = state.pages;
    for (let page = 0; page < pages; page++) {
      await loadJobsPage(page);
    }
  } catch (e) {
    handle(e);
  }
}

async function loadMoreJobs() {
  const button = $('jobs-more');
  button.disabled = true;
  try {
    if (await loadJobsPage(state.pages)) {
      state.pages += 1;
    }
  } catch (e) {
    handle(e);
  } finally {
    button.disabled = false;
  }
}

/** Loads one page of the list; true when the list is still filtered as it was when asked. */
async function loadJobsPage(page) {
  const filter = { ...state.filter };
  const query = new URLSearchParams({ page: String(page), size: String(LIST_SIZE) });
  if (filter.status) {
    query.set('status', filter.status);
  }
  if (filter.customerId) {
    query.set('customerId', filter.customerId);
  }
  const answer = await api(`/api/jobs?${query}`);
  answer.items.forEach((job) => store.apply(job));
  // An answer for an earlier filter only adds jobs to the store.
  const current = filter.status === state.filter.status && filter.customerId === state.filter.customerId;
  if (current) {
    state.totalItems = answer.totalItems;
  }
  renderJobs();
  return current;
}

/** Bursts of events render once per frame. */
function scheduleRenderJobs() {
  if (!timers.frame) {
    timers.frame = requestAnimationFrame(() => {
      delete timers.frame;
      renderJobs();
    });
  }
}

function renderJobs() {
  const jobs = store.matching(state.filter);
  const body = $('jobs-table').tBodies[0];
  const existing = new Map([...body.rows].map((row) => [row.dataset.jobId, row]));
  const rows = jobs.map((job) => {
    const row = existing.get(job.id) || el('tr', { 'data-job-id': job.id, class: 'job-row' });
    // Rows whose job and customer did not change keep their elements (and a click in progress).
    const customer = state.customers.get(job.customerId);
    const confirming = state.confirmingCancel.has(job.id);
    if (row.renderedJob !== job || row.renderedCustomer !== customer || row.renderedConfirming !== confirming
        || row.renderedRole !== state.role) {
      fillJobRow(row, job);
      Object.assign(row, { renderedJob: job, renderedCustomer: customer, renderedConfirming: confirming, renderedRole: state.role });
    }
    return row;
  });
  body.replaceChildren(...rows);
  $('jobs-empty').hidden = jobs.length > 0;
  const more = state.totalItems !== null && state.totalItems > jobs.length;
  const total = more ? ` (first ${jobs.length} of ${state.totalItems})` : '';
  $('job-count').textContent = `${jobs.length} job${jobs.length === 1 ? '' : 's'}${total}`;
  const button = $('jobs-more');
  button.hidden = !more;
  if (more) {
    button.textContent = `Show ${Math.min(LIST_SIZE, state.totalItems - jobs.length)} more`;
  }
}

function fillJobRow(row, job) {
  const customer = customerOf(job.customerId);
  row.dataset.status = job.status;
  row.onclick = () => {
    location.hash = `#/jobs/${job.id}`;
  };
  row.replaceChildren(
    el('td', { class: 'customer' },
      el('div', { class: 'name', text: customer ? customer.businessName : '…' }),
      el('div', { class: 'sub', text: customer ? customer.reference : job.customerId.slice(0, 8) })),
    el('td', {},
      el('div', { text: job.packageType }),
      el('div', { class: 'sub', text: `${job.directoryCount} directories` })),
    el('td', { class: 'num' }, el('span', { class: `priority p${job.priority}`, text: String(job.priority) })),
    el('td', { class: 'status' }, statusBadge(job.status),
      job.attempt > 1 ? el('div', { class: 'sub', text: `attempt ${job.attempt}` }) : null),
    el('td', { class: 'progress-col' }, progressBar(job)),
    el('td', { class: 'age', 'data-created': job.createdAt, title: dateTime(job.createdAt), text: age(job.createdAt) }),
    el('td', { class: 'actions-col' }, ...actionButtons(job)),
  );
}

const ENDED = ['complete', 'failed', 'cancelled'];

/**
 * Cancel only from pending or in_progress (DESIGN.md's transitions). Retry: in the list from failed; in
 * the detail from any ended job, with the choice to include the skipped directories.
 */
function actionButtons(job, { detail = false } = {}) {
  if (!canAct()) {
    return [];
  }
  const buttons = [];
  if (detail && ENDED.includes(job.status)) {
    const includeSkipped = el('input', { type: 'checkbox', id: 'retry-include-skipped' });
    buttons.push(el('label', { class: 'include-skipped', title: 'also retry the skipped directories' },
      includeSkipped, 'include skipped'));
    buttons.push(el('button', {
      type: 'button', class: 'button small retry', text: 'Retry', title: 'retry the failed directories',
      onclick: (e) => act(job.id, 'retry', e.currentTarget, includeSkipped.checked ? '?include=skipped' : ''),
    }));
  } else if (!detail && job.status === 'failed') {
    buttons.push(el('button', {
      type: 'button', class: 'button small retry', text: 'Retry', title: 'retry the failed directories',
      onclick: (e) => {
        e.stopPropagation();
        act(job.id, 'retry', e.currentTarget);
      },
    }));
  }
  if (job.status === 'pending' || job.status === 'in_progress') {
    const confirming = state.confirmingCancel.has(job.id);
    buttons.push(el('button', {
      type: 'button',
      class: `button small danger cancel${confirming ? ' confirming' : ''}`,
      text: confirming ? 'Confirm cancel' : 'Cancel',
      onclick: (e) => {
        e.stopPropagation();
        if (confirming) {
          state.confirmingCancel.delete(job.id);
          act(job.id, 'cancel', e.currentTarget);
        } else {
          askToConfirmCancel(job.id);
        }
      },
    }));
  }
  return buttons;
}

/** Cancelling asks once more on the button itself (for a few seconds) instead of a modal. */
function askToConfirmCancel(id) {
  state.confirmingCancel.add(id);
  refreshJob(id);
  setTimeout(() => {
    if (state.confirmingCancel.delete(id)) {
      refreshJob(id);
    }
  }, 4000);
}

function refreshJob(id) {
  renderJobs();
  if (state.detailId === id) {
    renderDetailHead();
  }
}

async function act(id, action, button, query = '') {
  button.disabled = true;
  try {
    const job = await api(`/api/jobs/${id}/${action}${query}`, { method: 'POST' });
    store.apply(job);
    jobChanged(id);
    const retried = query ? 'failed and skipped' : 'failed';
    flash(action === 'retry' ? `Retrying the ${retried} directories (attempt ${job.attempt}).` : 'Job cancelled.', 'info');
  } catch (e) {
    handle(e);
    button.disabled = false;
  }
}

function tickAges() {
  const now = Date.now();
  document.querySelectorAll('td.age[data-created]').forEach((cell) => {
    cell.textContent = age(cell.dataset.created, now);
  });
}

// ---------- stats ----------

async function loadStats() {
  try {
    renderStats(await api('/api/stats'));
  } catch (e) {
    handle(e);
  }
}

function renderStats(stats) {
  const jobs = stats.jobsByStatus || {};
  const results = stats.resultsByStatus || {};
  const cards = STATUSES.map((status) => el('button', {
    type: 'button',
    class: `total status-${status}${state.filter.status === status ? ' selected' : ''}`,
    title: `show ${statusLabel(status)} jobs`,
    onclick: () => setFilter({ status: state.filter.status === status ? '' : status }),
  }, el('span', { class: 'total-number', text: String(jobs[status] ?? 0) }),
  el('span', { class: 'total-label', text: statusLabel(status) })));
  const open = (results.pending ?? 0) + (results.claimed ?? 0);
  cards.push(el('div', { class: 'total results' },
    el('span', { class: 'total-label', text: 'directory submissions' }),
    el('span', { class: 'mini' },
      el('b', { class: 'c-submitted', text: String(results.submitted ?? 0) }), ' submitted · ',
      el('b', { class: 'c-failed', text: String(results.failed ?? 0) }), ' failed · ',
      el('b', { class: 'c-skipped', text: String(results.skipped ?? 0) }), ' skipped · ',
      el('b', { text: String(open) }), ' open')));
  $('totals').replaceChildren(...cards);
  renderDirectoryStats(stats.directories || []);
}

function renderDirectoryStats(directories) {
  const sorted = [...directories].sort((a, b) => rateKey(a) - rateKey(b) || a.directoryId.localeCompare(b.directoryId));
  const shown = state.showAllDirectories ? sorted : sorted.slice(0, DIRECTORY_ROWS);
  const rows = shown.map((d) => el('tr', { 'data-directory-id': d.directoryId },
    el('td', {}, el('div', { text: d.name }), el('div', { class: 'sub', text: d.directoryId })),
    el('td', { class: 'num', text: String(d.submitted) }),
    el('td', { class: 'num', text: String(d.failed) }),
    el('td', { class: 'num', text: String(d.skipped) }),
    el('td', { class: 'num', text: String(d.open) }),
    el('td', { class: 'rate-col' }, rateBar(d.successRate))));
  if (sorted.length > DIRECTORY_ROWS) {
    rows.push(el('tr', { class: 'more' }, el('td', { colspan: '6' }, el('button', {
      type: 'button',
      class: 'button ghost small',
      text: state.showAllDirectories ? 'Show fewer' : `Show all ${sorted.length} directories`,
      onclick: () => {
        state.showAllDirectories = !state.showAllDirectories;
        renderDirectoryStats(directories);
      },
    }))));
  }
  $('directory-stats').tBodies[0].replaceChildren(...rows);
  $('directory-stats-empty').hidden = directories.length > 0;
}

function rateKey(directory) {
  return directory.successRate === null ? 2 : directory.successRate;
}

function rateBar(rate) {
  const tone = rate === null ? 'none' : rate >= 0.9 ? 'good' : rate >= 0.6 ? 'fair' : 'poor';
  return el('div', { class: `rate ${tone}` },
    el('span', { class: 'rate-track' }, el('span', { class: 'rate-fill', style: { width: `${rate === null ? 0 : rate * 100}%` } })),
    el('span', { class: 'rate-text', text: percentText(rate) }));
}

// ---------- filters and routing ----------

function setFilter(change) {
  Object.assign(state.filter, change);
  $('filter-status').value = state.filter.status;
  $('filter-customer').value = state.filter.customerId;
  document.querySelectorAll('.total[class*="status-"]').forEach((card) => {
    card.classList.toggle('selected', card.classList.contains(`status-${state.filter.status}`));
  });
  if (state.detailId) {
    location.hash = '#/';
  }
  state.pages = 1;
  state.totalItems = null;
  renderJobs();
  loadJobs();
}

function route() {
  const match = location.hash.match(/^#\/jobs\/([0-9a-f-]{36})$/);
  state.detailId = match ? match[1] : null;
  const showOperations = location.hash === '#/operations';
  $('ops-view').hidden = !showOperations;
  $('totals').hidden = showOperations;
  if (showOperations) {
    $('list-view').hidden = true;
    $('detail-view').hidden = true;
    clearDetail();
    operations.show();
    return;
  }
  operations.hide();
  $('list-view').hidden = !!state.detailId;
  $('detail-view').hidden = !state.detailId;
  if (state.detailId) {
    $('results-table').tBodies[0].replaceChildren();
    renderDetailHead();
    loadDetail(state.detailId);
  } else {
    clearDetail();
    renderJobs();
  }
}

/** Nothing of a closed detail stays in the page, not even hidden (its buttons were for the last key). */
function clearDetail() {
  ['detail-facts', 'detail-progress', 'detail-actions'].forEach((id) => $(id).replaceChildren());
  $('results-table').tBodies[0].replaceChildren();
  $('edit-customer-button').hidden = true;
  clearJobHistory();
  if (sharePanel) {
    sharePanel.hide();
  }
}

// ---------- job detail ----------

async function loadDetail(id) {
  try {
    store.apply(await api(`/api/jobs/${id}`));
    if (state.detailId === id) {
      renderDetailHead();
      sharePanel.show(id, canAct());
    }
    await Promise.all([loadResults(id), loadHistory(id)]);
  } catch (e) {
    handle(e);
  }
}

async function loadHistory(id) {
  try {
    await loadJobHistory(id, () => state.detailId === id);
  } catch (e) {
    handle(e);
  }
}

async function loadResults(id) {
  try {
    const answer = await api(`/api/jobs/${id}/results`);
    if (state.detailId === id) {
      renderResults(answer);
    }
  } catch (e) {
    handle(e);
  }
  // Which directories need a person decides where "Record result" shows: read once, then redraw.
  if (canAct() && await personDirectories.load() && state.detailId === id) {
    loadResults(id);
  }
}

function renderDetailHead() {
  const job = store.get(state.detailId);
  if (!job) {
    $('detail-customer').textContent = 'Loading…';
    $('detail-id').textContent = state.detailId;
    $('detail-facts').replaceChildren();
    $('detail-progress').replaceChildren();
    $('detail-actions').replaceChildren();
    $('detail-error').hidden = true;
    $('edit-customer-button').hidden = true;
    return;
  }
  const customer = customerOf(job.customerId);
  $('detail-customer').textContent = customer ? customer.businessName : 'Customer …';
  $('detail-id').textContent = `job ${job.id}`;
  const fact = (term, value) => [el('dt', { text: term }), el('dd', {}, value)];
  $('detail-facts').replaceChildren(
    ...fact('Status', statusBadge(job.status)),
    ...fact('Package', `${job.packageType} · ${job.directoryCount} directories`),
    ...fact('Priority', String(job.priority)),
    ...fact('Attempt', String(job.attempt)),
    ...fact('Created', dateTime(job.createdAt)),
    ...fact('Started', dateTime(job.startedAt)),
    ...fact('Finished', dateTime(job.completedAt)),
    ...fact('Customer', customer ? `${customer.reference} · ${customer.email}` : job.customerId),
    ...(job.externalRef ? fact('External ref', job.externalRef) : []),
  );
  $('edit-customer-button').hidden = !canAct();
  $('detail-progress').replaceChildren(progressBar(job, { large: true }));
  // Kept while the job's status is unchanged, so a live update does not untick "include skipped".
  const actions = $('detail-actions');
  const actionsKey = `${job.id}:${job.status}:${state.confirmingCancel.has(job.id)}:${state.role}`;
  if (actions.dataset.key !== actionsKey || actions.childElementCount === 0) {
    actions.replaceChildren(...actionButtons(job, { detail: true }));
    actions.dataset.key = actionsKey;
  }
  $('detail-error').hidden = !job.errorMessage;
  $('detail-error').textContent = job.errorMessage || '';
}

/** One directory alone, for failed and skipped rows of a complete or failed job. */
function directoryRetryButton(jobId, result) {
  const job = store.get(jobId);
  if (!canAct() || !job || !['complete', 'failed'].includes(job.status)
      || !['failed', 'skipped'].includes(result.status)) {
    return null;
  }
  return el('button', {
    type: 'button', class: 'button small dir-retry', text: 'Retry', title: `retry ${result.directoryName || result.directoryId} alone`,
    onclick: async (e) => {
      const button = e.currentTarget;
      button.disabled = true;
      try {
        const retried = await api(`/api/jobs/${jobId}/results/${encodeURIComponent(result.directoryId)}/retry`, { method: 'POST' });
        store.apply(retried);
        jobChanged(jobId);
        flash(`Retrying ${result.directoryName || result.directoryId} (attempt ${retried.attempt}).`, 'info');
      } catch (error) {
        button.disabled = false;
        handle(error);
      }
    },
  });
}

/** For staff and admin: the outcome of a directory that needs a person, or that failed, recorded by hand. */
function recordResultButton(jobId, result) {
  if (!canAct() || !canRecord(store.get(jobId), result, personDirectories)) {
    return null;
  }
  return el('button', {
    type: 'button', class: 'button small record-result', text: 'Record result',
    title: `record what became of ${result.directoryName || result.directoryId}`,
    onclick: () => recordResultDialog.open(jobId, result),
  });
}

function renderResults(answer) {
  const counts = {};
  const rows = answer.results.map((r, i) => {
    counts[r.status] = (counts[r.status] || 0) + 1;
    const error = r.errorCode || r.errorMessage
      ? el('span', { class: 'error-text', title: r.errorMessage || '', text: [r.errorCode, r.errorMessage].filter(Boolean).join(': ') })
      : '—';
    return el('tr', { 'data-directory-id': r.directoryId, 'data-status': r.status },
      el('td', { class: 'num', text: String(i + 1) }),
      el('td', {}, el('div', { text: r.directoryName || r.directoryId }), el('div', { class: 'sub', text: r.directoryId })),
      el('td', {}, statusBadge(r.status)),
      el('td', { class: 'num', text: String(r.attempt) }),
      el('td', { class: 'mono', text: r.workerId || '—' }),
      el('td', { class: 'num', text: duration(r.durationMs) }),
      el('td', { class: 'listing' }, listingLink(r.listingUrl)),
      el('td', { class: 'error-col' }, error),
      el('td', { class: 'actions-col' }, directoryRetryButton(answer.jobId, r), recordResultButton(answer.jobId, r)));
  });
  $('results-table').tBodies[0].replaceChildren(...rows);
  $('results-summary').textContent = `${answer.results.length} directories · `
    + Object.entries(counts).map(([s, n]) => `${n} ${statusLabel(s)}`).join(' · ');
}

// ---------- start ----------

function wire() {
  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('signin-button');
    button.disabled = true;
    $('signin-error').hidden = true;
    try {
      await signIn($('api-key').value.trim());
    } catch (error) {
      showSignIn(error.message);
    } finally {
      button.disabled = false;
    }
  });
  $('signout').addEventListener('click', () => signOut());
  $('filter-status').addEventListener('change', (e) => setFilter({ status: e.target.value }));
  $('filter-customer').addEventListener('change', (e) => setFilter({ customerId: e.target.value }));
  $('jobs-more').addEventListener('click', loadMoreJobs);
  document.querySelector('.flash-close').addEventListener('click', () => {
    $('flash').hidden = true;
  });
  window.addEventListener('hashchange', route);
  setInterval(tickAges, 15000);
  newJobDialog = new NewJobDialog({
    customers: () => state.customers,
    onCustomer: (customer) => {
      rememberCustomer(customer);
      renderCustomerFilter();
    },
    onJob: (job) => {
      store.apply(job);
      jobChanged(job.id);
      renderJobs();
      const row = document.querySelector(`tr[data-job-id="${job.id}"]`);
      if (row) {
        row.classList.add('fresh');
      }
      flash('Job created: its directories are being dispatched.', 'info');
    },
    onError: handle,
  });
  $('new-job-button').addEventListener('click', () => newJobDialog.open());
  operations = new OperationsView({ onError: handle });
  customerEditDialog = new CustomerEditDialog({
    onSaved: (customer) => {
      rememberCustomer(customer);
      renderCustomerFilter();
      renderJobs();
      renderDetailHead();
      if (state.detailId) {
        loadDetail(state.detailId);
      }
      flash('Customer saved. Jobs already created keep the details they started with.', 'info');
    },
    onError: handle,
  });
  $('edit-customer-button').addEventListener('click', () => {
    const job = store.get(state.detailId);
    if (job) {
      customerEditDialog.open(job.customerId);
    }
  });
  sharePanel = new SharePanel({ onError: handle });
  recordResultDialog = new RecordResultDialog({
    onRecorded: (jobId, result, taskId) => {
      flash(`Recorded for ${result.directoryName || result.directoryId}`
        + `${taskId ? ` (task ${taskId})` : ''}; the directory list shows it once it is counted.`, 'info');
      debounce('results', () => loadResults(jobId), 700);
    },
    onError: handle,
  });
}

wire();
if (storedKey()) {
  // A reload in the same tab: the key is still in sessionStorage.
  resolveRole().then((role) => {
    state.role = role;
    enterApp();
  }).catch((e) => signOut(e.message));
} else {
  showSignIn();
}

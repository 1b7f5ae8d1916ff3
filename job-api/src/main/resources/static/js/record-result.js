// "Record result" on the job detail (staff and admin): the outcome of one directory, recorded by hand
// through POST /api/jobs/{jobId}/results/{directoryId}, for a directory a person works (one that needs
// a login or a captcha: its task goes to the workers over HTTP) or one that failed. The result goes the
// same way as a worker's; its worker is the staff key's name.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const ACTIVE_JOB = ['pending', 'in_progress'];
// The catalog is read a page of 500 at a time; a catalog larger than this is left unread past it.
const CATALOG_PAGE = 500;
const MAX_CATALOG_PAGES = 20;

/**
 * Which directories need a person (requiresLogin or requiresCaptcha in the catalog), read once per
 * sign-in. Until it is read, or if it cannot be, only failed rows get the action.
 */
export class PersonDirectories {
  constructor() {
    this.ids = new Set();
    this.loading = null;
  }

  clear() {
    this.ids = new Set();
    this.loading = null;
  }

  has(directoryId) {
    return this.ids.has(directoryId);
  }

  /** Reads the catalog the first time; resolves true when it was read just now (the rows may need redrawing). */
  load() {
    if (!this.loading) {
      this.loading = this.read().then(() => true, () => false);
      return this.loading;
    }
    return Promise.resolve(false);
  }

  async read() {
    const ids = new Set();
    for (let page = 0; page < MAX_CATALOG_PAGES; page++) {
      const answer = await api(`/api/directories?size=${CATALOG_PAGE}&page=${page}`);
      answer.items.filter((d) => d.requiresLogin || d.requiresCaptcha).forEach((d) => ids.add(d.id));
      if (page + 1 >= answer.totalPages) {
        break;
      }
    }
    this.ids = ids;
  }
}

/** Whether the row may be recorded by hand: an active job, and a directory that failed or needs a person. */
export function canRecord(job, result, personDirectories) {
  return !!job && ACTIVE_JOB.includes(job.status) && result.status !== 'submitted'
    && (result.status === 'failed' || personDirectories.has(result.directoryId));
}

export class RecordResultDialog {
  /**
   * @param onRecorded called with the job id, the result and the answer's taskId once job-api took it
   * @param onError called with an error that is not about the form (e.g. 401)
   */
  constructor({ onRecorded, onError }) {
    this.onRecorded = onRecorded;
    this.onError = onError;
    this.dialog = $('record-result-dialog');
    $('rr-cancel').addEventListener('click', () => this.dialog.close());
    $('rr-status').addEventListener('change', () => this.showFields());
    $('record-result-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.record();
    });
  }

  open(jobId, result) {
    this.jobId = jobId;
    this.result = result;
    $('rr-directory').textContent = `${result.directoryName || result.directoryId} (${result.directoryId})`;
    $('rr-status').value = 'submitted';
    $('rr-listing-url').value = '';
    $('rr-reason').value = '';
    this.showError(null);
    this.showFields();
    $('rr-submit').disabled = false;
    this.dialog.showModal();
  }

  showFields() {
    const submitted = $('rr-status').value === 'submitted';
    $('rr-listing-field').hidden = !submitted;
    $('rr-reason-field').hidden = submitted;
  }

  /** The request body, or a message saying what is missing. */
  body() {
    if ($('rr-status').value === 'submitted') {
      const listingUrl = $('rr-listing-url').value.trim();
      if (listingUrl && !/^https?:\/\/[^\s/]+/i.test(listingUrl)) {
        return { problem: 'The listing URL must be an http or https address, or left empty.' };
      }
      return { body: listingUrl ? { status: 'submitted', listingUrl } : { status: 'submitted' } };
    }
    const reason = $('rr-reason').value.trim();
    if (!reason) {
      return { problem: 'Say why it failed: staff and the customer read it.' };
    }
    return { body: { status: 'failed', reason } };
  }

  async record() {
    const { body, problem } = this.body();
    if (problem) {
      this.showError(problem);
      return;
    }
    this.showError(null);
    $('rr-submit').disabled = true;
    const { jobId, result } = this;
    try {
      const answer = await api(`/api/jobs/${jobId}/results/${encodeURIComponent(result.directoryId)}`,
        { method: 'POST', body });
      this.dialog.close();
      this.onRecorded(jobId, result, answer && answer.taskId);
    } catch (e) {
      $('rr-submit').disabled = false;
      if (e.status === 401) {
        this.dialog.close();
        this.onError(e);
        return;
      }
      this.showError(describe(e));
    }
  }

  showError(message) {
    $('rr-error').hidden = !message;
    $('rr-error').textContent = message || '';
  }
}

/** job-api's refusal in words: the problem's detail when it has one, what it means when not. */
function describe(e) {
  const detail = e.problem && (e.problem.detail || e.problem.title);
  if (e.status === 409) {
    return `Not recorded: ${detail || 'the job is no longer running, or this directory has already ended submitted'}.`;
  }
  if (e.status === 404 || e.status === 405) {
    return 'Not recorded: this job-api cannot record a result by hand (it answered '
      + `${e.status}${detail ? `: ${detail}` : ''}).`;
  }
  if (e.status === 403) {
    return e.message; // "Not allowed: ..." (api.js)
  }
  return `Not recorded: ${e.message}`;
}

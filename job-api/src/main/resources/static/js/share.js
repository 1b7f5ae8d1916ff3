// "Share with customer" on the job detail (staff and admin): a link to the customer's progress page
// (/progress/{token}). The token is in the creating answer only, so the full URL is shown once to copy;
// the list shows the job's links (without tokens) with Revoke.
import { api } from './api.js';
import { dateTime, el } from './format.js';

const $ = (id) => document.getElementById(id);

export class SharePanel {
  /** @param onError called with an error of a call (the dashboard flashes it, or signs out on 401) */
  constructor({ onError }) {
    this.onError = onError;
    $('share-button').addEventListener('click', () => this.create());
    $('share-copy').addEventListener('click', () => this.copy());
  }

  /** Shows the panel for a job (hidden from viewers: the share endpoints are for writers). */
  show(jobId, allowed) {
    const changed = this.jobId !== jobId;
    this.jobId = jobId;
    $('share-panel').hidden = !allowed;
    if (changed) {
      this.clear();
    }
    if (allowed) {
      this.load();
    }
  }

  /** Nothing of one job's links stays when another job, the list or another key is shown. */
  clear() {
    $('share-new').hidden = true;
    $('share-url').value = '';
    $('shares-table').tBodies[0].replaceChildren();
    $('shares-empty').hidden = true;
  }

  hide() {
    this.jobId = null;
    $('share-panel').hidden = true;
    this.clear();
  }

  async create() {
    const jobId = this.jobId;
    const button = $('share-button');
    button.disabled = true;
    try {
      const link = await api(`/api/jobs/${jobId}/share`, { method: 'POST', body: {} });
      if (this.jobId !== jobId) {
        return;
      }
      $('share-url').value = new URL(link.path, location.origin).href;
      $('share-expires').textContent = `Valid until ${dateTime(link.expiresAt)}. `
        + 'Copy it now: it is shown only this once.';
      $('share-new').hidden = false;
      $('share-url').select();
      await this.load();
    } catch (e) {
      this.onError(e);
    } finally {
      button.disabled = false;
    }
  }

  async copy() {
    const field = $('share-url');
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      $('share-copy').textContent = 'Copied';
    } catch {
      // No clipboard API (plain http on another host): the URL stays selected to copy by hand.
      $('share-copy').textContent = 'Press Ctrl+C';
    }
  }

  async load() {
    const jobId = this.jobId;
    try {
      const links = await api(`/api/jobs/${jobId}/shares`);
      if (this.jobId === jobId) {
        this.render(links);
      }
    } catch (e) {
      this.onError(e);
    }
  }

  render(links) {
    const now = Date.now();
    $('shares-table').tBodies[0].replaceChildren(...links.map((link) => {
      const state = link.revokedAt ? 'revoked' : Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
      return el('tr', { 'data-share-id': link.id, 'data-state': state },
        el('td', { text: dateTime(link.createdAt) }),
        el('td', { text: link.createdBy || '—' }),
        el('td', { text: dateTime(link.expiresAt) }),
        el('td', { class: 'share-state', text: state === 'revoked' ? `revoked ${dateTime(link.revokedAt)}` : state }),
        el('td', { class: 'actions-col' }, state === 'active' ? el('button', {
          type: 'button', class: 'button small danger revoke-share', text: 'Revoke',
          onclick: (e) => this.revoke(link.id, e.currentTarget),
        }) : null));
    }));
    $('shares-empty').hidden = links.length > 0;
  }

  async revoke(shareId, button) {
    button.disabled = true;
    try {
      await api(`/api/jobs/${this.jobId}/shares/${shareId}`, { method: 'DELETE' });
      await this.load();
    } catch (e) {
      button.disabled = false;
      this.onError(e);
    }
  }
}

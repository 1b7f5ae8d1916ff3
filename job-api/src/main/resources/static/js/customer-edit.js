// The "edit customer" dialog (staff and admin): prefilled from GET /api/customers/{id}, saved as a JSON
// merge patch of the changed fields with If-Match = the ETag read, so an edit never overwrites one made
// meanwhile by someone else (412: the form says so and shows the current details).
import { apiAnswer } from './api.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);
/** The editable details, as the API names them; each has an input #ce-<name> and an error #ce-<name>-error. */
const FIELDS = ['businessName', 'email', 'phone', 'website', 'address', 'city', 'state', 'zip', 'country',
  'category', 'description', 'packageType'];
const REQUIRED = new Set(['businessName', 'email', 'packageType']);

export class CustomerEditDialog {
  /**
   * @param onSaved called with the customer as saved
   * @param onError called with an error that is not about the form (e.g. 401)
   */
  constructor({ onSaved, onError }) {
    this.onSaved = onSaved;
    this.onError = onError;
    this.dialog = $('customer-edit-dialog');
    $('ce-cancel').addEventListener('click', () => this.dialog.close());
    $('customer-edit-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
  }

  async open(customerId) {
    this.customerId = customerId;
    this.showErrors(null);
    this.dialog.showModal();
    await this.load();
  }

  async load() {
    $('ce-submit').disabled = true;
    try {
      const { data, etag } = await apiAnswer(`/api/customers/${this.customerId}`);
      this.loaded = data;
      this.etag = etag;
      $('ce-reference').textContent = data.reference;
      FIELDS.forEach((field) => {
        $(`ce-${field}`).value = data[field] ?? '';
      });
      $('ce-submit').disabled = false;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Only what changed: a merge patch leaves every other field as it is; an emptied optional field is cleared. */
  changes() {
    const patch = {};
    FIELDS.forEach((field) => {
      const value = $(`ce-${field}`).value.trim();
      if (value !== (this.loaded[field] ?? '')) {
        patch[field] = value === '' && !REQUIRED.has(field) ? null : value;
      }
    });
    return patch;
  }

  async save() {
    const patch = this.changes();
    this.showErrors(null);
    if (Object.keys(patch).length === 0) {
      this.dialog.close();
      return;
    }
    $('ce-submit').disabled = true;
    try {
      const { data } = await apiAnswer(`/api/customers/${this.customerId}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': this.etag || '' },
        body: patch,
      });
      this.dialog.close();
      this.onSaved(data);
    } catch (e) {
      if (e.status === 412) {
        this.showErrors('This customer was changed meanwhile; the form now shows the current details. '
          + 'Make your change again and save.');
        await this.load();
        return;
      }
      this.fail(e);
    } finally {
      $('ce-submit').disabled = !this.loaded;
    }
  }

  fail(e) {
    if (e.status === 401) {
      this.dialog.close();
      this.onError(e);
      return;
    }
    const fieldErrors = e.status === 400 && e.problem && Array.isArray(e.problem.errors) ? e.problem.errors : [];
    this.showErrors(e.message, fieldErrors);
  }

  /** The message above the buttons and each field's error next to its field (all as text). */
  showErrors(message, fieldErrors = []) {
    $('ce-error').hidden = !message;
    $('ce-error').textContent = message || '';
    FIELDS.forEach((field) => {
      const box = $(`ce-${field}-error`);
      const texts = fieldErrors.filter((f) => f.field === field).map((f) => f.message);
      box.hidden = texts.length === 0;
      box.replaceChildren(...texts.map((text) => el('span', { text })));
      $(`ce-${field}`).classList.toggle('invalid', texts.length > 0);
    });
  }
}

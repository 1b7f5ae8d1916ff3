// The "new job" dialog: pick a customer (or enter a new one with its whole profile), a package, a
// priority and optionally the job's external reference.
import { api, randomId } from './api.js';
import { el } from './format.js';

const NEW_CUSTOMER = '__new';
const $ = (id) => document.getElementById(id);

export class NewJobDialog {
  /**
   * @param customers () => Map of known customers by id
   * @param onCustomer called with a customer created here
   * @param onJob called with the created job
   * @param onError called with an error that is not about the form (e.g. 401)
   */
  constructor({ customers, onCustomer, onJob, onError }) {
    this.customers = customers;
    this.onCustomer = onCustomer;
    this.onJob = onJob;
    this.onError = onError;
    this.dialog = $('new-job-dialog');
    $('nj-customer').addEventListener('change', () => this.toggleNewCustomer());
    $('nj-cancel').addEventListener('click', () => this.dialog.close());
    $('new-job-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  open() {
    // One Idempotency-Key per opened form: a double submit or a retry after a lost answer makes one job.
    this.idempotencyKey = randomId();
    $('nj-external-ref').value = ''; // unique per customer: never carried over to the next job
    this.fillCustomers();
    this.loadCategories();
    this.showError(null);
    this.dialog.showModal();
    $('nj-customer').focus();
  }

  fillCustomers(selectedId) {
    const select = $('nj-customer');
    const customers = [...this.customers().values()].sort((a, b) => a.businessName.localeCompare(b.businessName));
    select.replaceChildren(
      ...customers.map((c) => el('option', { value: c.id, text: `${c.businessName} · ${c.reference}` })),
      el('option', { value: NEW_CUSTOMER, text: '＋ New customer…' }),
    );
    select.value = selectedId || (customers.length ? customers[0].id : NEW_CUSTOMER);
    this.toggleNewCustomer();
  }

  toggleNewCustomer() {
    const isNew = $('nj-customer').value === NEW_CUSTOMER;
    $('nj-new-customer').hidden = !isNew;
    $('nj-name').required = isNew;
    $('nj-email').required = isNew;
  }

  async loadCategories() {
    if (this.categoriesLoaded) {
      return;
    }
    try {
      const page = await api('/api/directories?active=true&size=500');
      const categories = [...new Set(page.items.map((d) => d.category).filter(Boolean))].sort();
      $('nj-categories').replaceChildren(...categories.map((c) => el('option', { value: c })));
      this.categoriesLoaded = true;
    } catch {
      // only suggestions: the field stays free text
    }
  }

  async submit() {
    const button = $('nj-submit');
    button.disabled = true;
    this.showError(null);
    try {
      const packageType = $('nj-package').value;
      let customerId = $('nj-customer').value;
      if (customerId === NEW_CUSTOMER) {
        const customer = await this.createCustomer(packageType);
        this.onCustomer(customer);
        // Selected from now on, so a failed job creation is retried without a second customer.
        this.fillCustomers(customer.id);
        customerId = customer.id;
      }
      const job = await api('/api/jobs', {
        method: 'POST',
        headers: { 'Idempotency-Key': this.idempotencyKey },
        body: {
          customerId,
          packageType,
          priority: Number($('nj-priority').value),
          externalRef: $('nj-external-ref').value.trim() || undefined,
        },
      });
      this.dialog.close();
      this.onJob(job);
    } catch (e) {
      if (e.status === 401) {
        this.dialog.close();
        this.onError(e);
      } else {
        this.showError(e.message);
      }
    } finally {
      button.disabled = false;
    }
  }

  createCustomer(packageType) {
    const value = (id) => $(id).value.trim() || undefined;
    if (!value('nj-name') || !value('nj-email')) {
      return Promise.reject(new Error('A new customer needs a business name and an email.'));
    }
    return api('/api/customers', {
      method: 'POST',
      body: {
        businessName: value('nj-name'),
        email: value('nj-email'),
        phone: value('nj-phone'),
        website: value('nj-website'),
        address: value('nj-address'),
        city: value('nj-city'),
        state: value('nj-state'),
        zip: value('nj-zip'),
        country: value('nj-country'),
        category: value('nj-category'),
        description: value('nj-description'),
        packageType,
      },
    });
  }

  showError(message) {
    $('nj-error').hidden = !message;
    $('nj-error').textContent = message || '';
  }
}

// The customer's progress page: polls what its link opens and draws it. Everything shown is set as
// text (never as markup); a listing URL becomes a link only when it is http(s).
const token = decodeURIComponent(location.pathname.split('/')[2] || '');
const ACTIVE_EVERY_MS = 5000;
const ENDED_EVERY_MS = 30000;
const LABELS = {
  pending: 'Waiting', claimed: 'In progress', submitted: 'Submitted', failed: 'Could not be submitted',
  skipped: 'Skipped'
};

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function listingCell(url) {
  const cell = document.createElement('td');
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
    const link = document.createElement('a');
    link.href = url;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    link.textContent = 'View listing';
    cell.append(link);
  }
  return cell;
}

function draw(view) {
  document.getElementById('gone').hidden = true;
  document.getElementById('job').hidden = false;
  text('business-name', view.businessName || 'Your listing');
  text('package', view.packageType);
  text('status', view.status.replace('_', ' '));
  const bar = document.getElementById('bar');
  bar.setAttribute('aria-valuenow', String(view.percent));
  document.getElementById('bar-fill').style.width = view.percent + '%';
  text('summary', `${view.done} of ${view.total} directories done (${view.percent} %): `
      + `${view.submitted} submitted, ${view.failed} could not be submitted, ${view.skipped} skipped.`);
  const rows = view.directories.map((directory) => {
    const row = document.createElement('tr');
    row.className = 'outcome-' + directory.status;
    const name = document.createElement('td');
    name.textContent = directory.name;
    const outcome = document.createElement('td');
    outcome.textContent = LABELS[directory.status] || directory.status;
    row.append(name, outcome, listingCell(directory.listingUrl));
    return row;
  });
  document.getElementById('directories').replaceChildren(...rows);
  text('updated', new Date().toLocaleTimeString());
}

async function refresh() {
  let next = ACTIVE_EVERY_MS;
  try {
    const answer = await fetch(`/progress/${encodeURIComponent(token)}/data`, {cache: 'no-store'});
    if (answer.status === 404) {
      document.getElementById('job').hidden = true;
      document.getElementById('gone').hidden = false;
      return; // an ended link stays ended
    }
    if (answer.ok) {
      const view = await answer.json();
      draw(view);
      if (['complete', 'failed', 'cancelled'].includes(view.status)) {
        next = ENDED_EVERY_MS;
      }
    }
  } catch (e) {
    // offline for a moment: try again at the next turn
  }
  setTimeout(refresh, next);
}

refresh();

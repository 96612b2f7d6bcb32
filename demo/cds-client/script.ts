// The chart's CDS Hooks cards, rendered natively in the EHR page (no iframe, not our app): each card's
// root carries data-cds-card (its uuid), data-prompt-code and data-indicator. Fires on every chart
// shown, including the in-place patient switch (the EHR script dispatches `pz:chart`).
export const CDS_SCRIPT = `
(function () {
  var LABEL = { critical: 'Kritiek', warning: 'Waarschuwing', info: 'Informatie' };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; }); });
  }
  // Markdown as the service writes it: paragraphs, "- " lists, **bold**, *italic*, backslash escapes
  function markdown(md, into) {
    md.split(/\\n\\n/).forEach(function (block) {
      var lines = block.split('\\n');
      var list = lines.every(function (l) { return l.indexOf('- ') === 0; });
      var box = list ? el('ul') : el('p');
      lines.forEach(function (l, i) {
        var target = list ? box.appendChild(el('li')) : box;
        if (!list && i > 0) target.appendChild(el('br'));
        inline(list ? l.slice(2) : l, target);
      });
      into.appendChild(box);
    });
  }
  function inline(s, into) {
    var re = /\\*\\*((?:\\\\.|[^*])+)\\*\\*|\\*((?:\\\\.|[^*])+)\\*/g, last = 0, m;
    var unesc = function (x) { return x.replace(/\\\\(.)/g, '$1'); };
    while ((m = re.exec(s))) {
      into.appendChild(document.createTextNode(unesc(s.slice(last, m.index))));
      into.appendChild(el(m[1] ? 'strong' : 'em', {}, unesc(m[1] || m[2])));
      last = re.lastIndex;
    }
    into.appendChild(document.createTextNode(unesc(s.slice(last))));
  }
  function render(box, list) {
    var host = box.querySelector('[data-cds-list]');
    host.textContent = '';
    box.querySelector('[data-cds-status]').textContent = list.length ? list.length + ' signaal/signalen van Palliatief Zorgpad' : 'Geen signalen van Palliatief Zorgpad.';
    list.forEach(function (s) {
      var c = s.card;
      var art = el('article', { 'class': 'cds-card cds-' + c.indicator, 'data-cds-card': c.uuid, 'data-prompt-code': c.source.topic ? c.source.topic.code : '', 'data-indicator': c.indicator, 'data-hook': s.hook });
      var head = el('header');
      head.appendChild(el('span', { 'class': 'cds-indicator' }, LABEL[c.indicator] || c.indicator));
      head.appendChild(el('h3', {}, c.summary));
      art.appendChild(head);
      if (c.detail) { var d = el('div', { 'class': 'cds-detail' }); markdown(c.detail, d); art.appendChild(d); }
      var actions = el('div', { 'class': 'cds-actions' });
      (c.suggestions || []).forEach(function (sg) {
        var b = el('button', { type: 'button', 'data-cds-suggestion': sg.uuid }, sg.label);
        b.addEventListener('click', function () {
          b.disabled = true;
          post('/ehr/patients/' + encodeURIComponent(box.dataset.patientId) + '/cds/accept', { card: c.uuid, suggestion: sg.uuid })
            .then(function () { fire(box, box.dataset.lastHooks.split(',')); })
            .catch(function (e) { b.disabled = false; box.querySelector('[data-cds-status]').textContent = e.message; });
        });
        actions.appendChild(b);
      });
      (c.links || []).forEach(function (l) {
        if (l.type !== 'smart') return;
        var b = el('button', { type: 'button', 'class': 'launch', 'data-cds-smart': c.uuid, 'data-launch-url': '/ehr/patients/' + encodeURIComponent(box.dataset.patientId) + '/cds/launch?card=' + encodeURIComponent(c.uuid) + (box.dataset.encounterId ? '&encounter=' + encodeURIComponent(box.dataset.encounterId) : '') }, l.label);
        actions.appendChild(b);
      });
      if (c.overrideReasons) {
        var f = el('form', { 'class': 'cds-override' });
        var id = 'why-' + c.uuid;
        f.appendChild(el('label', { 'for': id }, 'Reden om te negeren'));
        var sel = el('select', { id: id, 'data-cds-reason': '' });
        c.overrideReasons.forEach(function (r) { sel.appendChild(el('option', { value: r.code }, r.display)); });
        f.appendChild(sel);
        f.appendChild(el('button', { type: 'submit', 'data-cds-dismiss': c.uuid }, 'Negeren'));
        f.addEventListener('submit', function (ev) {
          ev.preventDefault();
          post('/ehr/patients/' + encodeURIComponent(box.dataset.patientId) + '/cds/override', { card: c.uuid, reason: sel.value })
            .then(function () { art.remove(); })
            .catch(function (e) { box.querySelector('[data-cds-status]').textContent = e.message; });
        });
        actions.appendChild(f);
      }
      art.appendChild(actions);
      host.appendChild(art);
    });
    box.dataset.state = 'ready';
  }
  function fire(box, hooks) {
    box.dataset.state = 'loading';
    box.dataset.lastHooks = hooks.join(',');
    return post('/ehr/patients/' + encodeURIComponent(box.dataset.patientId) + '/cds', { hooks: hooks, encounterId: box.dataset.encounterId || undefined })
      .then(function (j) { render(box, j.cards); })
      .catch(function (e) { box.dataset.state = 'error'; box.querySelector('[data-cds-status]').textContent = e.message; });
  }
  function init() {
    var box = document.getElementById('cds-cards');
    if (!box || box.dataset.state) return;
    var hooks = box.dataset.hooks.split(',');
    fire(box, hooks);
    var dis = box.querySelector('[data-cds-discharge]');
    if (dis) dis.addEventListener('click', function () { fire(box, ['encounter-discharge']); });
  }
  document.addEventListener('pz:chart', init);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
`;

export const CDS_CSS = `
.cds{margin:0 0 1rem;padding:.5rem .75rem;border:1px solid #c8d3df;border-radius:6px;background:#f7f9fc}
.cds h2{font-size:1rem;margin:.2rem 0}
.cds-card{border-left:6px solid #3a6ea5;background:#fff;margin:.5rem 0;padding:.5rem .75rem;border-radius:4px}
.cds-card.cds-warning{border-left-color:#b36b00}.cds-card.cds-critical{border-left-color:#b00020}
.cds-card h3{font-size:1rem;margin:.1rem 0}.cds-indicator{font-size:.75rem;text-transform:uppercase;color:#444}
.cds-actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}.cds-override{display:flex;gap:.3rem;align-items:center}
`;

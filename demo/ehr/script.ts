// The EHR page's own script (inline, no build): tabs, the SMART app panel, and moving to the next
// patient without a full reload (history.pushState + swapping <main>), the way single-page hospital
// EHRs behave; the extension must notice such patient switches.
export const EHR_SCRIPT = `
(function () {
  function selectTab(btn) {
    var tabs = btn.parentNode.querySelectorAll('[role=tab]');
    tabs.forEach(function (t) {
      var on = t === btn;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute('aria-controls'));
      if (panel) panel.hidden = !on;
    });
  }
  async function show(url, push) {
    var res = await fetch(url, { headers: { accept: 'text/html' } });
    if (!res.ok) { location.href = url; return; }
    var doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    var next = doc.getElementById('main');
    var current = document.getElementById('main');
    if (!next || !current) { location.href = url; return; }
    current.replaceWith(next);
    document.title = doc.title;
    var ret = document.querySelector('input[name=returnTo]');
    if (ret) ret.value = new URL(url, location.href).pathname;
    if (push) history.pushState({ pz: true }, '', url);
    document.dispatchEvent(new Event('pz:chart')); // the CDS cards of the new chart
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var tab = t.closest('[role=tab]');
    if (tab) { selectTab(tab); return; }
    var launch = t.closest('[data-launch-url]');
    if (launch) {
      var panel = document.getElementById('app-panel');
      var frame = document.getElementById('smart-frame');
      panel.hidden = false;
      // the hospital-wide screen (a list and charts) gets a wider panel than one patient's prompts
      panel.classList.toggle('app-panel--wide', launch.hasAttribute('data-panel-wide'));
      frame.src = launch.getAttribute('data-launch-url');
      return;
    }
    if (t.closest('[data-testid=close-smart]')) {
      document.getElementById('app-panel').hidden = true;
      document.getElementById('smart-frame').removeAttribute('src');
      return;
    }
    var next = t.closest('a[data-testid=next-patient]');
    if (next && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
      ev.preventDefault();
      show(next.href, true).catch(function () { location.href = next.href; });
    }
  });
  window.addEventListener('popstate', function () { show(location.href, false).catch(function () { location.reload(); }); });
})();
`;

// A run button's busy sign (ui.live_run.run_button): the button is marked busy at the click (a spinner in the button,
// aria-busy) and cleared when the script run that the click started has ended. `data.keys`: the run buttons' keys;
// `data.dom`: the names of Streamlit's page this needs (ui.streamlit_dom.SCRIPTS).
export default function (component) {
  const { data, parentElement } = component;
  const dom = data.dom;
  parentElement.classList.add('nnlab-busy-carrier');
  const w = window.__nnlabBusy || (window.__nnlabBusy = { keys: new Set(), seen: false, btn: null, timer: 0 });
  const root = document.documentElement;
  for (const key of data.keys) {
    if (w.keys.has(key)) continue;
    w.keys.add(key);
    const rule = document.createElement('style');
    rule.textContent = `html[data-nnlab-busy="${key}"] .${dom.key}${key} button::after {` +
      'content: ""; flex: none; width: 0.85em; height: 0.85em; margin-left: 0.5em; border-radius: 50%;' +
      'border: 2px solid currentColor; border-right-color: transparent; animation: nnlab-busy 0.7s linear infinite; }' +
      `html[data-nnlab-busy="${key}"] .${dom.key}${key} button { cursor: progress; }`;
    document.head.append(rule);
  }
  if (w.installed) return;
  w.installed = true;
  const spin = document.createElement('style');
  spin.textContent = '@keyframes nnlab-busy { to { transform: rotate(360deg); } }';
  document.head.append(spin);
  const clear = () => {
    delete root.dataset.nnlabBusy;
    if (w.btn) w.btn.removeAttribute('aria-busy');
    w.btn = null; w.seen = false; clearTimeout(w.timer);
  };
  const app = document.querySelector(dom.app);
  const state = () => app.getAttribute(dom.state);
  document.addEventListener('click', (ev) => {
    const btn = ev.target.closest ? ev.target.closest('button') : null;
    const box = btn && !btn.disabled ? btn.closest(`[class*="${dom.key}"]`) : null;
    const key = box ? [...box.classList].find((c) => c.startsWith(dom.key)).slice(dom.key.length) : null;
    if (!key || !w.keys.has(key)) return;
    clear();
    root.dataset.nnlabBusy = key;
    btn.setAttribute('aria-busy', 'true');
    w.btn = btn;
    w.seen = state() === dom.running;  // a click during a run: that run goes on as the new one
    w.timer = setTimeout(() => { if (!w.seen && state() !== dom.running) clear(); }, 10000);
  }, true);
  new MutationObserver((records) => {
    if (!root.dataset.nnlabBusy) return;
    for (const r of records) if (r.oldValue === dom.running) w.seen = true;
    const now = state();
    if (now === dom.running) w.seen = true;
    else if (now === dom.notRunning && w.seen) clear();
  }).observe(app, { attributes: true, attributeFilter: [dom.state], attributeOldValue: true });
}

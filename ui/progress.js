// The learner's progress in the browser's localStorage (ui/progress.py says how): `data.save` is the session's
// record; until the session has read the stored one (`data.replace` false) it is added to the stored one.
function parse(text) {
  try { const r = JSON.parse(text || '{}'); return r && typeof r === 'object' && !Array.isArray(r) ? r : {}; }
  catch (e) { return {}; }
}

export default function (component) {
  const { data, setStateValue } = component;
  let stored = '';
  try { stored = window.localStorage.getItem(data.store) || ''; } catch (e) { stored = ''; }
  // A returning learner's record goes to the server once (one rerun); a new learner's page is not rerun at all.
  if (data.load && stored && !window.__nnlabProgressSent) {
    window.__nnlabProgressSent = true;
    setStateValue('stored', stored);
  }
  let save = data.save;
  if (!data.replace) {  // the session has not read the stored record (yet): add to it, never drop from it
    const old = parse(stored), mine = parse(save);
    const visited = [...(old.visited || []), ...(mine.visited || []).filter((s) => !(old.visited || []).includes(s))];
    save = JSON.stringify({ answered: { ...(old.answered || {}), ...(mine.answered || {}) },
                            choices: { ...(old.choices || {}), ...(mine.choices || {}) }, visited });
  }
  if (save !== stored) {
    try { window.localStorage.setItem(data.store, save); } catch (e) { /* storage refused: session only */ }
  }
}

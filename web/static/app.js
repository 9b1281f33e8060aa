// The page: a plan chosen here is read by the checker (idp-audit compiled
// to WebAssembly, in checker.js) inside this page. Nothing is sent
// anywhere: the page's security policy allows no connection at all.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  let compiled = null; // the compiled module, kept to start again after a failure
  let ex = null; // the running checker's exports
  let notePtr = 0; // where the running checker leaves a panic's message
  let ready = null; // a promise: the checker is ready
  let checks = 0;
  let plan = null; // what the last check found

  function setState(s) {
    body.dataset.state = s;
  }

  function say(text, problem) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('problem', !!problem);
  }

  // checker.js holds the module gzipped, in base64, so that the page works
  // when opened as a file as well as from a web address.
  async function compile() {
    const raw = atob(window.IDP_CHECKER);
    const gz = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) gz[i] = raw.charCodeAt(i);
    const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
    const bytes = await new Response(stream).arrayBuffer();
    return WebAssembly.compile(bytes);
  }

  // The module needs nothing from the page. Any import the linker left in
  // (randomness, asked for only to encrypt, which idp-audit never does)
  // gets a function that refuses.
  function refusals(module) {
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      imports[imp.module] = imports[imp.module] || {};
      imports[imp.module][imp.name] = () => {
        throw new Error('The checker asked the page for ' + imp.name + ', which it does not give.');
      };
    }
    return imports;
  }

  async function start() {
    if (!compiled) compiled = await compile();
    const instance = await WebAssembly.instantiate(compiled, refusals(compiled));
    ex = instance.exports;
    notePtr = ex.idp_panic_note();
    ex.idp_warm();
  }

  function put(bytes) {
    const p = ex.idp_alloc(bytes.length);
    new Uint8Array(ex.memory.buffer, p, bytes.length).set(bytes);
    return [p, bytes.length];
  }

  function answer() {
    return new Uint8Array(ex.memory.buffer, ex.idp_out_ptr(), ex.idp_out_len()).slice();
  }

  function getReady() {
    if (!ready) {
      ready = start().then(
        () => {
          setState('ready');
          if (!plan) say('Ready: choose a plan.');
        },
        (e) => {
          ready = null;
          setState('failed');
          say('The checker could not start in this browser (' + e.message + '). Try an up-to-date ' +
            'Chrome, Edge, Firefox or Safari.', true);
          throw e;
        });
    }
    return ready;
  }

  // A failure inside the checker (a bug, or running out of memory) stops
  // that copy of it; the next plan gets a fresh one.
  function broken() {
    ex = null;
    ready = null;
  }

  // The checker stopped (it trapped, or its memory could not grow): what to
  // tell the parent. A panic leaves its message in the stopped checker's
  // memory; running out of memory leaves none.
  function stopped(e) {
    let panic = '';
    try {
      if (ex && notePtr) {
        const mem = ex.memory.buffer;
        const len = Math.min(new DataView(mem).getUint32(notePtr, true), 1020);
        panic = new TextDecoder().decode(new Uint8Array(mem, notePtr + 4, len));
      }
    } catch (_) {
      // Its memory cannot be read either: say what is known.
    }
    broken();
    const what = panic
      ? 'The checker stopped because of a bug in idp-audit (' + panic + '), not because of anything ' +
        'wrong with the plan.'
      : 'The checker ran out of memory, or stopped unexpectedly (' + e.message + ').';
    return what + ' It has been restarted: you can choose another plan, or this one again. Please ' +
      'report the problem, without the plan if it holds private details.';
  }

  async function checkFile(file) {
    const t0 = performance.now();
    setState('checking');
    say('Checking ' + file.name + '…');
    try {
      await getReady();
    } catch (e) {
      return;
    }
    // A file far too large to be a plan is refused before it is read.
    try {
      const name = put(new TextEncoder().encode(file.name));
      if (ex.idp_refuse_size(name[0], name[1], file.size)) {
        show(JSON.parse(new TextDecoder().decode(answer())), t0);
        return;
      }
    } catch (e) {
      stopped(e);
    }
    let data;
    try {
      data = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      show(failure(file.name, 'This file could not be opened (' + e.message + '). If it is on a ' +
        'network drive or in the cloud, save a copy on this computer and choose that.'), t0);
      return;
    }
    try {
      await getReady();
    } catch (e) {
      return;
    }
    // Let the page show "Checking…" before the checker takes the thread.
    await new Promise((r) => setTimeout(r, 0));
    let result;
    try {
      const name = put(new TextEncoder().encode(file.name));
      const bytes = put(data);
      ex.idp_check(name[0], name[1], bytes[0], bytes[1]);
      result = JSON.parse(new TextDecoder().decode(answer()));
    } catch (e) {
      result = failure(file.name, stopped(e), 'The checker stopped on this file.');
    }
    show(result, t0);
  }

  function failure(name, message, summary) {
    return {
      name, status: 'error', error: message, summary: summary || 'Could not read this file.', plan_findings: [],
      notices: [], provisions: [], vague: 0, front: {}, letter: { possible: false, problem: true,
        why_not: 'The plan could not be read, so no letter can be written.' },
    };
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function codes(list) {
    return list && list.length ? el('span', { class: 'codes' }, ' ' + list.join(' ')) : null;
  }

  function note(n, cls) {
    return el('p', { class: cls, 'data-code': n.code || '' }, n.message, codes(n.code ? [n.code] : []));
  }

  function quote(pieces) {
    const q = el('blockquote', { class: 'quote' });
    for (const p of pieces) q.append(p.marked ? el('mark', {}, p.text) : p.text);
    return q;
  }

  function provision(p) {
    const art = el('article', { class: 'provision ' + p.verdict, 'data-index': String(p.index),
      'data-verdict': p.verdict, 'data-rules': p.rules.join(' ') });
    const id = 'prov-' + p.index;
    art.setAttribute('aria-labelledby', id);
    art.append(el('h3', { id }, 'Provision ' + p.index + ': ',
      el('span', { class: 'verdict' }, p.verdict === 'vague' ? 'vague' : 'specific')));
    art.append(el('p', { class: 'where' }, p.location));
    art.append(quote(p.text));
    if (p.missing) art.append(el('p', { class: 'missing' }, p.missing, codes(p.missing_rules)));
    if (p.hedges.length || p.other.length) {
      const ul = el('ul', { class: 'reasons' });
      for (const h of p.hedges.concat(p.other)) ul.append(el('li', {}, h.message, codes([h.code])));
      art.append(ul);
    }
    if (p.rewrite) {
      art.append(el('p', { class: 'ask' }, 'You could ask for it to say:'));
      art.append(el('blockquote', { class: 'rewrite' }, p.rewrite));
    }
    return art;
  }

  function show(r, t0) {
    plan = r;
    checks += 1;
    const results = $('results');
    results.hidden = false;
    results.dataset.file = r.name;
    results.dataset.status = r.status;
    results.dataset.check = String(checks);
    $('result-file').textContent = r.name;
    const summary = $('summary');
    summary.textContent = r.summary;
    summary.className = 'summary ' + (r.status !== 'ok' ? 'problem' : r.vague > 0 ? 'vague' : 'good');

    const notes = $('plan-notes');
    notes.replaceChildren();
    if (r.status === 'error') notes.append(el('p', { class: 'problem', 'data-code': 'error' }, r.error));
    for (const f of r.plan_findings) notes.append(note(f, f.severity === 'error' ? 'problem' : 'plan-note'));
    for (const n of r.notices) notes.append(note(n, 'notice'));

    const vague = r.provisions.filter((p) => p.verdict === 'vague');
    const specific = r.provisions.filter((p) => p.verdict !== 'vague');
    $('vague-list').replaceChildren(...vague.map(provision));
    const det = $('specific');
    det.hidden = specific.length === 0;
    det.open = vague.length === 0;
    $('specific-summary').textContent = specific.length === 1
      ? '1 provision is specific' : specific.length + ' provisions are specific';
    $('specific-list').replaceChildren(...specific.map((p) => el('li', {}, provision(p))));

    $('letter').hidden = !r.letter.possible;
    $('no-letter').hidden = r.letter.possible;
    // The reason a plan was not read is said above; here, only what it means.
    $('no-letter-why').textContent = r.status === 'error'
      ? 'No letter can be written for a file that could not be read.'
      : r.status === 'no_section_2b'
        ? 'No letter can be written: without Section 2B there is no provision to quote.'
        : r.letter.why_not || '';
    $('no-letter-why').className = r.letter.problem ? 'problem' : '';
    if (r.letter.possible) {
      $('f-child').value = r.front.child || '';
      $('f-school').value = r.front.school || '';
      $('f-to').value = r.front.alnco || '';
      $('letter-status').textContent = '';
    }
    const ms = Math.round(performance.now() - t0);
    results.dataset.ms = String(ms);
    setState('done');
    say('Checked ' + r.name + ': ' + r.summary);
    $('results-h').focus();
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  async function downloadLetter(ev) {
    ev.preventDefault();
    const st = $('letter-status');
    if (!plan || !plan.letter.possible) return;
    try {
      await getReady();
    } catch (e) {
      return;
    }
    const form = { date: today() };
    for (const f of $('letter-form').elements) if (f.name) form[f.name] = f.value;
    let ok;
    let bytes;
    try {
      const text = put(new TextEncoder().encode(new URLSearchParams(form).toString()));
      ok = ex.idp_letter(text[0], text[1]);
      bytes = answer();
    } catch (e) {
      st.textContent = 'The letter could not be written. ' + stopped(e) + ' Choose the plan again, ' +
        'then download the letter.';
      st.className = 'problem';
      return;
    }
    if (!ok) {
      st.textContent = new TextDecoder().decode(bytes);
      st.className = 'problem';
      return;
    }
    const blob = new Blob([bytes], {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const a = el('a', { href: URL.createObjectURL(blob),
      download: plan.name.replace(/\.[^.]*$/, '') + '-letter.docx' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    st.textContent = 'The letter was saved to your downloads as ' + a.download +
      '. Open it in Word to check it and fill in any [gaps] before sending it.';
    st.className = 'good';
    body.dataset.letter = a.download;
  }

  $('file').addEventListener('change', (ev) => {
    const f = ev.target.files && ev.target.files[0];
    // Emptied, so that choosing the same file again (after the checker
    // stopped on it, or after editing it) checks it again.
    ev.target.value = '';
    if (f) checkFile(f);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    const f = ev.dataTransfer.files && ev.dataTransfer.files[0];
    if (f) checkFile(f);
  });
  // Files dropped anywhere else must not make the browser open them.
  window.addEventListener('dragover', (ev) => ev.preventDefault());
  window.addEventListener('drop', (ev) => ev.preventDefault());
  $('letter-form').addEventListener('submit', downloadLetter);

  if (!window.IDP_CHECKER || typeof WebAssembly !== 'object' || typeof DecompressionStream !== 'function') {
    setState('failed');
    say('This browser cannot run the checker. Try an up-to-date Chrome, Edge, Firefox or Safari.', true);
    return;
  }
  // Build the checker (about a second) once the page has been drawn.
  requestAnimationFrame(() => setTimeout(() => getReady().catch(() => {}), 0));
})();

// A browser script, inlined verbatim into index.html by render.ts; kept ES2020 and ASCII-only so its
// CSP hash is stable. It builds the whole page from the JSON data block with DOM APIs (createElement, textContent,
// setAttribute): no markup is ever parsed from report data, so target content cannot become HTML.
/* global document, window, location, history, navigator, requestAnimationFrame, IntersectionObserver, Option */
(function () {
  'use strict';
  performance.mark('settlekit:script-start');

  var PAGE = 200;
  var MAX_BODY_LINES = 3000;
  var MAX_RULE_LINKS = 8;
  var STATUSES = ['passed', 'failed', 'errored', 'skipped'];
  var LEVELS = ['MUST', 'SHOULD', 'INFO'];
  var ICON = { passed: '\u2713', failed: '\u2715', errored: '!', skipped: '\u2212', untested: '?' };
  var RANK = { failed: 0, errored: 1 };

  var report = JSON.parse(document.getElementById('settlekit-data').textContent);
  performance.mark('settlekit:data-parsed');

  // ---------------------------------------------------------------- DOM helpers (text only, never markup)

  function el(tag, cls, children) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (children !== undefined) add(node, children);
    return node;
  }
  function add(node, children) {
    var list = Array.isArray(children) ? children : [children];
    for (var i = 0; i < list.length; i++) {
      var c = list[i];
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function attr(node, map) {
    for (var k in map) if (Object.prototype.hasOwnProperty.call(map, k)) node.setAttribute(k, String(map[k]));
    return node;
  }
  function button(cls, children, label) {
    var b = el('button', cls, children);
    b.type = 'button';
    if (label) b.setAttribute('aria-label', label);
    return b;
  }
  function icon(status) {
    return attr(el('span', 'icon icon--' + status, ICON[status] || '?'), { 'aria-hidden': 'true' });
  }
  function srOnly(text) {
    return el('span', 'sr-only', text);
  }
  function badge(status, text) {
    return el('span', 'badge badge--' + status, text || status);
  }
  function scenarioHref(id) {
    return '#scenario=' + encodeURIComponent(id);
  }
  function ruleHref(id) {
    return '#rule=' + encodeURIComponent(id);
  }
  function link(href, children, cls) {
    var a = el('a', cls, children);
    a.setAttribute('href', href);
    return a;
  }

  // ---------------------------------------------------------------- formatting

  function fmtMs(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '';
    if (ms < 1000) return (ms < 10 ? ms.toFixed(1) : String(Math.round(ms))) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    var m = Math.floor(ms / 60000);
    return m + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }
  function fmtDate(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }
  function fmtBytes(n) {
    if (typeof n !== 'number') return '';
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }
  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }
  function isStructured(v) {
    return v !== null && typeof v === 'object';
  }
  function show(v) {
    return v === undefined ? '(absent)' : JSON.stringify(v, null, 2);
  }
  function sortedCopy(v) {
    if (Array.isArray(v)) return v.map(sortedCopy);
    if (!isStructured(v)) return v;
    var out = {};
    Object.keys(v).sort().forEach(function (k) { out[k] = sortedCopy(v[k]); });
    return out;
  }

  // ---------------------------------------------------------------- pretty printers

  // Pretty JSON as lines, each tagged with the JSON pointer of the value it belongs to, so that assertion and schema
  // paths can be highlighted in the body.
  function jsonLines(value) {
    var out = [];
    function esc(k) { return String(k).replace(/~/g, '~0').replace(/\//g, '~1'); }
    function walk(v, ptr, depth, prefix, suffix) {
      if (out.length > MAX_BODY_LINES) return;
      var pad = '  '.repeat(depth);
      if (isStructured(v)) {
        var arr = Array.isArray(v);
        var keys = arr ? v.map(function (_, i) { return i; }) : Object.keys(v);
        if (!keys.length) { out.push({ t: pad + prefix + (arr ? '[]' : '{}') + suffix, p: ptr }); return; }
        out.push({ t: pad + prefix + (arr ? '[' : '{'), p: ptr });
        keys.forEach(function (k, i) {
          walk(v[k], ptr + '/' + esc(k), depth + 1, arr ? '' : JSON.stringify(String(k)) + ': ', i < keys.length - 1 ? ',' : '');
        });
        out.push({ t: pad + (arr ? ']' : '}') + suffix, p: ptr });
      } else {
        out.push({ t: pad + prefix + (v === undefined ? 'undefined' : JSON.stringify(v)) + suffix, p: ptr });
      }
    }
    walk(value, '', 0, '', '');
    return out;
  }

  function xmlLines(text) {
    var tokens = text.replace(/>\s+</g, '><').split(/(<[^>]*>)/).filter(function (t) { return t.trim() !== ''; });
    var out = [];
    var depth = 0;
    for (var i = 0; i < tokens.length && out.length <= MAX_BODY_LINES; i++) {
      var t = tokens[i];
      var pad = '  '.repeat(depth);
      if (t.slice(0, 2) === '</') { depth = Math.max(0, depth - 1); out.push({ t: '  '.repeat(depth) + t, p: null }); }
      else if (t[0] !== '<') out.push({ t: pad + t.trim(), p: null });
      else if (/^<[?!]/.test(t) || t.slice(-2) === '/>') out.push({ t: pad + t, p: null });
      else {
        var next = tokens[i + 1];
        var close = tokens[i + 2];
        if (next !== undefined && next[0] !== '<' && close !== undefined && close.slice(0, 2) === '</') {
          out.push({ t: pad + t + next + close, p: null });
          i += 2;
        } else { out.push({ t: pad + t, p: null }); depth++; }
      }
    }
    return out;
  }

  function textLines(text) {
    return text.split('\n').map(function (t) { return { t: t, p: null }; });
  }

  function matches(ptr, paths) {
    if (ptr === null) return false;
    for (var i = 0; i < paths.length; i++) {
      var p = paths[i];
      if (ptr === p || ptr.slice(0, p.length + 1) === p + '/') return true;
    }
    return false;
  }

  function codeBlock(lines, highlights, label) {
    var pre = el('pre', 'code');
    if (label) pre.setAttribute('aria-label', label);
    var cut = lines.length > MAX_BODY_LINES;
    var shown = cut ? lines.slice(0, MAX_BODY_LINES) : lines;
    if (!highlights || !highlights.length) {
      pre.textContent = shown.map(function (l) { return l.t; }).join('\n');
    } else {
      var frag = document.createDocumentFragment();
      var first = null;
      shown.forEach(function (l) {
        var hit = matches(l.p, highlights);
        var span = el('span', hit ? 'ln hl' : 'ln', l.t + '\n');
        if (hit && !first) first = span;
        frag.appendChild(span);
      });
      pre.appendChild(frag);
      if (first) {
        requestAnimationFrame(function () {
          if (pre.scrollHeight > pre.clientHeight) pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 24);
        });
      }
    }
    if (cut) add(pre, el('span', 'ln more', '\n\u2026 ' + (lines.length - MAX_BODY_LINES) + '+ more lines not shown (see the JSON report)'));
    return pre;
  }

  // ---------------------------------------------------------------- line diff (LCS)

  // Lines compare without their trailing comma, so that the last key of an object does not show as changed.
  function lineDiff(a, b) {
    var key = function (s) { return s.replace(/,$/, ''); };
    var start = 0;
    while (start < a.length && start < b.length && key(a[start]) === key(b[start])) start++;
    var endA = a.length;
    var endB = b.length;
    while (endA > start && endB > start && key(a[endA - 1]) === key(b[endB - 1])) { endA--; endB--; }
    var A = a.slice(start, endA);
    var B = b.slice(start, endB);
    var n = A.length;
    var m = B.length;
    var mid = [];
    var i;
    var j;
    if (n * m > 4000000) {
      A.forEach(function (t) { mid.push(['-', t]); });
      B.forEach(function (t) { mid.push(['+', t]); });
    } else {
      var w = m + 1;
      var dp = new Uint32Array((n + 1) * w);
      for (i = n - 1; i >= 0; i--) {
        for (j = m - 1; j >= 0; j--) {
          dp[i * w + j] = key(A[i]) === key(B[j]) ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
        }
      }
      i = 0;
      j = 0;
      while (i < n && j < m) {
        if (key(A[i]) === key(B[j])) { mid.push([' ', B[j]]); i++; j++; }
        else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) mid.push(['-', A[i++]]);
        else mid.push(['+', B[j++]]);
      }
      while (i < n) mid.push(['-', A[i++]]);
      while (j < m) mid.push(['+', B[j++]]);
    }
    var head = b.slice(0, start).map(function (t) { return [' ', t]; });
    var tail = b.slice(endB).map(function (t) { return [' ', t]; });
    return head.concat(mid, tail);
  }

  function diffBlock(expected, actual) {
    var a = show(sortedCopy(expected)).split('\n');
    var b = show(sortedCopy(actual)).split('\n');
    var ops = lineDiff(a, b);
    var pre = attr(el('pre', 'code diff'), { 'aria-label': 'Line diff, expected against actual' });
    var frag = document.createDocumentFragment();
    var CONTEXT = 3;
    for (var k = 0; k < ops.length; k++) {
      var op = ops[k];
      if (op[0] === ' ') {
        var run = k;
        while (run < ops.length && ops[run][0] === ' ') run++;
        var len = run - k;
        if (len > CONTEXT * 2 + 1) {
          var keepHead = k === 0 ? 0 : CONTEXT;
          var keepTail = run === ops.length ? 0 : CONTEXT;
          for (var x = k; x < k + keepHead; x++) frag.appendChild(el('span', 'ln ctx', '  ' + ops[x][1] + '\n'));
          frag.appendChild(el('span', 'ln skip', '  \u22ef ' + plural(len - keepHead - keepTail, 'unchanged line') + '\n'));
          for (x = run - keepTail; x < run; x++) frag.appendChild(el('span', 'ln ctx', '  ' + ops[x][1] + '\n'));
          k = run - 1;
          continue;
        }
        frag.appendChild(el('span', 'ln ctx', '  ' + op[1] + '\n'));
      } else if (op[0] === '-') frag.appendChild(el('span', 'ln del', '- ' + op[1] + '\n'));
      else frag.appendChild(el('span', 'ln add', '+ ' + op[1] + '\n'));
    }
    pre.appendChild(frag);
    return el('div', 'diff-wrap', [
      el('div', 'diff-legend', [el('span', 'legend-del', '- expected'), ' ', el('span', 'legend-add', '+ actual')]),
      pre,
    ]);
  }

  // ---------------------------------------------------------------- gate: baseline, waivers, shards, stops (issue 11)

  // Everything a CI gate adds to plain results lives here; the rest of the script calls these functions only.
  var CHANGE_LABEL = { 'new-failure': 'new failure', 'still-failing': 'still failing', fixed: 'fixed', 'new': 'new', unchanged: 'unchanged' };
  var MARK_FILTERS = [['new-failure', 'New failures'], ['still-failing', 'Still failing'], ['fixed', 'Fixed'], ['new', 'New'], ['unchanged', 'Unchanged'],
    ['waived', 'Waived'], ['waiver-expired', 'Waiver expired']];
  var hasMarks = !!(report.baseline || report.waivers);

  // The filter tokens of a rule or scenario: its baseline change, and `waived` / `waiver-expired`.
  function marksOf(item) {
    var out = [];
    if (item.baseline) out.push(item.baseline.change);
    if (item.waiver) out.push(item.waiver.state === 'applied' ? 'waived' : 'waiver-expired');
    return out;
  }

  function waiverText(w) {
    return (w.state === 'applied' ? 'Waived until ' : 'Waiver expired ') + w.expires + ': ' + w.reason;
  }

  // Badges for a rule or scenario: its baseline change (unless unchanged) and its waiver.
  function markBadges(item) {
    var out = [];
    var b = item.baseline;
    if (b && b.change !== 'unchanged') {
      out.push(attr(el('span', 'mark mark--' + b.change, CHANGE_LABEL[b.change]), { title: b.before ? 'In the baseline: ' + b.before : 'Not in the baseline' }));
    }
    if (item.waiver) out.push(attr(el('span', 'mark mark--' + (item.waiver.state === 'applied' ? 'waived' : 'expired'), item.waiver.state === 'applied' ? 'waived' : 'waiver expired'), { title: waiverText(item.waiver) }));
    return out;
  }

  function markSelect(id, label) {
    return select(label, id, [['', 'Any change or waiver']].concat(MARK_FILTERS));
  }

  function gatePassed() {
    return report.verdict.gate ? report.verdict.gate.passed : report.verdict.conformant;
  }

  // The gate's line in the verdict box, when it can differ from the verdict.
  function gateLine() {
    var g = report.verdict.gate;
    if (!hasMarks && !(g && g.mode === 'regressions')) return null;
    var waived = report.rules.filter(function (r) { return r.waiver && r.waiver.state === 'applied'; }).length;
    var text = (gatePassed() ? 'Gate passed' : 'Gate failed') + (g && g.mode === 'regressions' ? ' (regressions: only new failures count)' : '') +
      (waived ? ' \u00b7 ' + plural(waived, 'rule') + ' waived' : '') +
      (!gatePassed() && g && g.blocking.length ? ' \u00b7 blocking: ' + g.blocking.slice(0, 8).join(', ') + (g.blocking.length > 8 ? ', \u2026' : '') : '');
    var node = attr(el('div', 'verdict-gate gate--' + (gatePassed() ? 'pass' : 'fail'), text), { id: 'gate' });
    node.dataset.passed = String(gatePassed());
    return node;
  }

  // Header facts: the shard or the merge, the baseline, the waivers.
  function gateFacts(fact) {
    if (report.shard) fact('Shard', report.shard.index + ' of ' + report.shard.total + (report.plan ? ' (' + report.scenarios.length + ' of ' + plural(report.plan.scenarios.length, 'scenario') + ')' : '') + ', balanced by ' + report.shard.balance, 'meta-shard');
    if (report.merged) fact('Merged', 'from ' + plural(report.merged.shards.length, 'shard'), 'meta-merged');
    var b = report.baseline;
    if (b) {
      var counts = ['new-failure', 'fixed', 'still-failing', 'new'].filter(function (c) { return b.rules[c]; }).map(function (c) { return b.rules[c] + ' ' + CHANGE_LABEL[c]; });
      fact('Baseline', [el('span', 'mono', b.source), ' (' + fmtDate(b.startedAt) + '): rules ' + (counts.join(', ') || 'unchanged')], 'meta-baseline');
    }
    var w = report.waivers;
    if (w) {
      var by = { applied: 0, expired: 0, stale: 0 };
      w.entries.forEach(function (e) { by[e.state]++; });
      fact('Waivers', [w.file ? el('span', 'mono', w.file + ' ') : null, by.applied + ' applied, ' + by.expired + ' expired, ' + by.stale + ' stale (on ' + w.today + ')'], 'meta-waivers');
    }
  }

  function buildStopped() {
    var notRun = report.scenarios.filter(function (s) { return s.status === 'errored' && s.steps.every(function (st) { return st.status === 'skipped'; }); }).length;
    return attr(el('div', 'banner banner--fail', [
      el('strong', null, 'Run stopped: '),
      report.stopped.message + ' (' + report.stopped.code + '). ' + plural(notRun, 'scenario') + ' not run, reported errored.',
    ]), { role: 'alert', id: 'stopped' });
  }

  // Every waiver and what became of it; expired and stale ones first.
  function buildWaiversCard() {
    var w = report.waivers;
    var order = { expired: 0, stale: 1, applied: 2 };
    var list = attr(el('ul', 'waivers'), { id: 'waiver-list' });
    w.entries.slice().sort(function (a, b) { return order[a.state] - order[b.state]; }).forEach(function (e) {
      var what = e.rule !== undefined ? e.rule : e.scenario;
      var li = el('li', 'waiver waiver--' + e.state, [
        el('span', 'mark mark--' + (e.state === 'applied' ? 'waived' : e.state), e.state),
        ' ',
        link(e.rule !== undefined ? ruleHref(what) : scenarioHref(what), what, 'mono'),
        el('span', 'muted small', ' until ' + e.expires + (w.file && e.line ? ' \u00b7 ' + w.file + ':' + e.line : '')),
        el('div', 'small', e.reason),
        e.state === 'stale' && e.note ? el('div', 'muted small', 'Nothing it names failed: ' + e.note) : null,
        e.state === 'expired' ? el('div', 'small', 'Past its date: it no longer waives' + (e.matched.length ? ' (' + e.matched.join(', ') + ' failed)' : '') + '.') : null,
        e.link ? el('div', 'muted small mono', e.link) : null,
      ]);
      li.dataset.state = e.state;
      list.appendChild(li);
    });
    if (!w.entries.length) list.appendChild(el('li', 'muted', 'No waivers.'));
    return el('section', 'card', [el('h2', null, 'Waivers'), list]);
  }

  // Details of an opened scenario: its comparison with the baseline and its waiver.
  function markFacts(s) {
    return [
      s.baseline ? ['Baseline', CHANGE_LABEL[s.baseline.change] + (s.baseline.before ? ' (was ' + s.baseline.before + ')' : ' (not in the baseline)')] : null,
      s.waiver ? ['Waiver', waiverText(s.waiver) + (s.waiver.rules ? ' (through rules ' + s.waiver.rules.join(', ') + ')' : '')] : null,
    ];
  }

  // ---------------------------------------------------------------- state and indexes

  var entries = report.scenarios.map(function (s, i) {
    return { s: s, i: i, rank: RANK[s.status] === undefined ? 2 : RANK[s.status], row: null, hay: null };
  });
  var ordered = entries.slice().sort(function (x, y) { return x.rank - y.rank || x.i - y.i; });
  var byId = new Map();
  entries.forEach(function (e) { if (!byId.has(e.s.id)) byId.set(e.s.id, e); });
  var rulesById = new Map();
  report.rules.forEach(function (r) { if (!rulesById.has(r.id)) rulesById.set(r.id, r); });

  var state = { status: 'all', suite: '', tag: '', rule: '', mark: '', query: '' };
  var filtered = [];
  // The list renders a window [winStart, winEnd) of `filtered`: the first PAGE rows, grown on demand, or rows around a
  // deep-linked scenario; never thousands of rows at once unless the reader scrolls through them.
  var winStart = 0;
  var winEnd = 0;
  var ui = {};

  function hay(e) {
    if (e.hay === null) {
      var s = e.s;
      e.hay = [s.id, s.title, s.suite, s.file, s.tags.join(' '), s.rules.join(' '), s.reason || ''].join('\n').toLowerCase();
    }
    return e.hay;
  }

  function passes(e, terms) {
    var s = e.s;
    if (state.status !== 'all' && s.status !== state.status) return false;
    if (state.suite && s.suite !== state.suite) return false;
    if (state.tag && s.tags.indexOf(state.tag) < 0) return false;
    if (state.rule && s.rules.indexOf(state.rule) < 0) return false;
    if (state.mark && marksOf(s).indexOf(state.mark) < 0) return false;
    for (var i = 0; i < terms.length; i++) if (hay(e).indexOf(terms[i]) < 0) return false;
    return true;
  }

  function filtersActive() {
    return state.status !== 'all' || !!state.suite || !!state.tag || !!state.rule || !!state.mark || !!state.query;
  }

  // ---------------------------------------------------------------- header

  function failingRules(level) {
    return report.rules.filter(function (r) { return r.level === level && (r.status === 'failed' || r.status === 'errored'); }).length;
  }

  function buildHeader() {
    var v = report.verdict;
    var ok = v.conformant;
    var why = [];
    if (ok) why.push(report.options.strict ? 'Every MUST and SHOULD rule that ran passed, and nothing errored.' : 'Every MUST rule that ran passed, and nothing errored.');
    else {
      var must = failingRules('MUST');
      if (must) why.push(plural(must, 'MUST rule') + ' failed or errored');
      var should = failingRules('SHOULD');
      if (should && report.options.strict) why.push(plural(should, 'SHOULD rule') + ' failed or errored (strict)');
      var errored = report.summary.scenarios.errored;
      if (errored) why.push(plural(errored, 'scenario') + ' errored');
    }
    var verdict = attr(el('div', 'verdict ' + (ok ? 'verdict--pass' : 'verdict--fail'), [
      el('div', 'verdict-kicker', 'Overall verdict'),
      el('div', 'verdict-label', ok ? 'CONFORMANT' : 'NOT CONFORMANT'),
      el('div', 'verdict-why', why.join(' \u00b7 ')),
      gateLine(),
    ]), { id: 'verdict', role: 'status', 'data-conformant': String(ok) });

    var meta = el('dl', 'meta');
    function fact(term, value, id) {
      var dd = el('dd', null, value);
      if (id) dd.id = id;
      add(meta, [el('dt', null, term), dd]);
    }
    var t = report.target;
    fact('Target', [el('span', 'mono', t.url), t.embedded ? el('span', 'muted', ' (embedded simulator)') : null], 'meta-target');
    if (t.profile) fact('Profile', el('span', 'mono', t.profile));
    fact('Kit', report.kit.name + ' ' + report.kit.version, 'meta-kit');
    fact('Started', fmtDate(report.startedAt), 'meta-date');
    fact('Duration', fmtMs(report.durationMs), 'meta-duration');
    var opts = report.options;
    fact('Options', [
      'concurrency ' + opts.concurrency + ', timeout ' + fmtMs(opts.timeoutMs) + (opts.strict ? ', strict' : ''),
      opts.tags.length ? ', tags ' + opts.tags.join(' ') : '',
      opts.rules.length ? ', rules ' + opts.rules.join(' ') : '',
      opts.grep ? ', grep ' + opts.grep : '',
    ]);
    gateFacts(fact);

    var header = el('header', 'masthead', [
      el('div', 'brand', [el('span', 'logo', 'settlekit'), el('span', 'brand-sub', 'conformance report')]),
      el('div', 'masthead-grid', [verdict, meta]),
    ]);
    return header;
  }

  function buildInterrupted() {
    return attr(el('div', 'banner banner--warn', [
      el('strong', null, 'Run interrupted. '),
      'The run was stopped (SIGINT/SIGTERM) before every scenario ran: this report holds only what ran, and the verdict covers only that.',
    ]), { role: 'alert', id: 'interrupted' });
  }

  function buildSummary() {
    var counts = report.summary.scenarios;
    var chips = attr(el('div', 'chips'), { role: 'group', 'aria-label': 'Filter scenarios by status' });
    var all = button('chip chip--all', ['All ', el('span', 'count', String(counts.total))]);
    all.dataset.status = 'all';
    chips.appendChild(all);
    STATUSES.forEach(function (st) {
      var b = button('chip chip--' + st, [icon(st), ' ' + st[0].toUpperCase() + st.slice(1) + ' ', el('span', 'count', String(counts[st]))]);
      b.dataset.status = st;
      b.id = 'count-' + st;
      chips.appendChild(b);
    });
    ui.chips = chips;
    chips.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-status]');
      if (!b) return;
      state.status = state.status === b.dataset.status && b.dataset.status !== 'all' ? 'all' : b.dataset.status;
      showTab('scenarios');
      applyFilters();
    });
    var steps = report.summary.steps;
    var scenCard = el('section', 'card', [
      el('h2', null, 'Scenarios'),
      chips,
      el('p', 'muted small', 'Steps: ' + STATUSES.map(function (s) { return steps[s] + ' ' + s; }).join(', ') + ' (' + steps.total + ' in all)'),
    ]);

    var table = el('table', 'levels');
    var headRow = el('tr', null, [el('th', null, 'Level')]);
    ['passed', 'failed', 'errored', 'skipped', 'untested', 'total'].forEach(function (c) { headRow.appendChild(el('th', 'num', c[0].toUpperCase() + c.slice(1))); });
    table.appendChild(el('thead', null, headRow));
    var tbody = el('tbody');
    LEVELS.forEach(function (level) {
      var rc = report.summary.rules[level];
      if (!rc) return;
      var lb = button('linkish', level);
      lb.dataset.level = level;
      lb.setAttribute('aria-label', 'Show ' + level + ' rules');
      var tr = el('tr', null, [el('th', 'level level--' + level, lb)]);
      tr.id = 'rules-' + level;
      ['passed', 'failed', 'errored', 'skipped', 'untested', 'total'].forEach(function (c) {
        var n = rc[c];
        tr.appendChild(el('td', 'num' + (n && c !== 'total' ? ' n--' + c : ''), String(n)));
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    table.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-level]');
      if (!b) return;
      showTab('rules');
      ui.ruleLevel.value = b.dataset.level;
      renderRules();
    });
    var ruleCard = el('section', 'card', [el('h2', null, 'Rules'), el('div', 'table-scroll', table)]);

    var suites = el('ul', 'suites');
    report.verdict.suites.forEach(function (sv) {
      var c = sv.scenarios;
      var b = button('linkish suite-name', sv.title);
      b.dataset.suite = sv.id;
      b.setAttribute('aria-label', 'Show scenarios of suite ' + sv.title);
      var li = el('li', 'suite', [
        badge(sv.conformant ? 'passed' : 'failed', sv.conformant ? 'CONFORMANT' : 'NOT CONFORMANT'),
        b,
        sv.title !== sv.id ? el('span', 'muted mono small', sv.id) : null,
        el('span', 'muted small suite-counts', STATUSES.filter(function (s) { return c[s]; }).map(function (s) { return c[s] + ' ' + s; }).join(' \u00b7 ') || 'no scenarios'),
      ]);
      li.dataset.suite = sv.id;
      li.dataset.conformant = String(sv.conformant);
      suites.appendChild(li);
    });
    suites.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-suite]');
      if (!b) return;
      state.suite = b.dataset.suite;
      ui.suite.value = state.suite;
      showTab('scenarios');
      applyFilters();
    });
    var suiteCard = el('section', 'card', [el('h2', null, 'Suites'), suites]);
    return el('div', 'summary', [scenCard, ruleCard, suiteCard, report.waivers ? buildWaiversCard() : null]);
  }

  // ---------------------------------------------------------------- tabs

  function buildTabs() {
    var bar = attr(el('div', 'tabs'), { role: 'tablist', 'aria-label': 'Report sections' });
    function tab(id, text, count) {
      var b = attr(button('tab', [text, ' ', el('span', 'count', String(count))]), { role: 'tab', id: 'tab-' + id, 'aria-controls': 'panel-' + id });
      b.dataset.tab = id;
      bar.appendChild(b);
      return b;
    }
    ui.tabScenarios = tab('scenarios', 'Scenarios', report.scenarios.length);
    ui.tabRules = tab('rules', 'Rule matrix', report.rules.length);
    bar.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-tab]');
      if (b) showTab(b.dataset.tab);
    });
    bar.addEventListener('keydown', function (ev) {
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      var next = ui.tab === 'scenarios' ? 'rules' : 'scenarios';
      showTab(next);
      (next === 'rules' ? ui.tabRules : ui.tabScenarios).focus();
    });
    return bar;
  }

  function showTab(id) {
    ui.tab = id;
    [['scenarios', ui.tabScenarios, ui.panelScenarios], ['rules', ui.tabRules, ui.panelRules]].forEach(function (t) {
      var on = t[0] === id;
      t[1].setAttribute('aria-selected', String(on));
      t[1].tabIndex = on ? 0 : -1;
      t[2].hidden = !on;
    });
    if (id === 'rules' && !ui.rulesBuilt) renderRules();
  }

  // ---------------------------------------------------------------- scenarios panel

  function select(label, id, options) {
    var s = attr(el('select', 'select'), { id: id, 'aria-label': label });
    options.forEach(function (o) { s.appendChild(new Option(o[1], o[0])); });
    return s;
  }

  function countBy(list) {
    var m = new Map();
    list.forEach(function (x) { m.set(x, (m.get(x) || 0) + 1); });
    return m;
  }

  function buildScenarioPanel() {
    var search = attr(el('input', 'search'), {
      type: 'search', id: 'search', placeholder: 'Search id, title, tag, rule, reason  ( / )', 'aria-label': 'Search scenarios', autocomplete: 'off', spellcheck: 'false',
    });
    search.addEventListener('input', function () { state.query = search.value; applyFilters(); });
    ui.search = search;

    var suiteOpts = [['', 'All suites']];
    report.verdict.suites.forEach(function (s) { suiteOpts.push([s.id, s.title]); });
    entries.forEach(function (e) { if (!suiteOpts.some(function (o) { return o[0] === e.s.suite; })) suiteOpts.push([e.s.suite, e.s.suite]); });
    ui.suite = select('Filter by suite', 'filter-suite', suiteOpts);

    var tags = countBy([].concat.apply([], entries.map(function (e) { return e.s.tags; })));
    var tagOpts = [['', 'All tags']];
    Array.from(tags.keys()).sort().forEach(function (t) { tagOpts.push([t, t + ' (' + tags.get(t) + ')']); });
    ui.tag = select('Filter by tag', 'filter-tag', tagOpts);

    var ruleCounts = countBy([].concat.apply([], entries.map(function (e) { return e.s.rules; })));
    var ruleIds = report.rules.map(function (r) { return r.id; });
    ruleCounts.forEach(function (_, id) { if (ruleIds.indexOf(id) < 0) ruleIds.push(id); });
    var ruleOpts = [['', 'All rules']];
    ruleIds.forEach(function (id) { ruleOpts.push([id, id + ' (' + (ruleCounts.get(id) || 0) + ')']); });
    ui.rule = select('Filter by rule', 'filter-rule', ruleOpts);

    if (hasMarks) ui.mark = markSelect('filter-mark', 'Filter by baseline change or waiver');
    [['suite', ui.suite], ['tag', ui.tag], ['rule', ui.rule], ['mark', ui.mark]].forEach(function (p) {
      if (p[1]) p[1].addEventListener('change', function () { state[p[0]] = p[1].value; applyFilters(); });
    });

    var clear = button('btn', 'Clear filters');
    clear.id = 'clear-filters';
    clear.addEventListener('click', function () { resetFilters(); search.focus(); });
    ui.clear = clear;

    ui.count = attr(el('p', 'list-count'), { id: 'scenario-count', 'aria-live': 'polite' });
    ui.list = attr(el('ol', 'scenarios'), { id: 'scenario-list', 'aria-label': 'Scenarios' });
    ui.list.addEventListener('click', onListClick);
    ui.list.addEventListener('keydown', onListKey);
    ui.empty = el('div', 'empty', ['No scenario matches these filters. ', button('linkish', 'Clear filters')]);
    ui.empty.hidden = true;
    ui.empty.lastChild.addEventListener('click', function () { resetFilters(); });
    ui.more = button('btn btn--more', '');
    ui.more.id = 'show-more';
    ui.more.addEventListener('click', function () { renderMore(PAGE); });
    ui.moreBar = el('div', 'more-bar', ui.more);
    ui.earlier = button('btn btn--more', '');
    ui.earlier.id = 'show-earlier';
    ui.earlier.addEventListener('click', renderEarlier);
    ui.earlierBar = el('div', 'more-bar', ui.earlier);
    ui.sentinel = el('div', 'sentinel');
    if (typeof IntersectionObserver === 'function') {
      new IntersectionObserver(function (items) {
        if (items.some(function (it) { return it.isIntersecting; }) && winEnd < filtered.length && winEnd > winStart) renderMore(PAGE);
      }, { rootMargin: '600px 0px' }).observe(ui.sentinel);
    }

    var toolbar = el('div', 'toolbar', [search, ui.suite, ui.tag, ui.rule, ui.mark || null, clear]);
    var panel = attr(el('section', 'panel', [toolbar, ui.count, ui.earlierBar, ui.list, ui.empty, ui.moreBar, ui.sentinel]), {
      id: 'panel-scenarios', role: 'tabpanel', 'aria-labelledby': 'tab-scenarios',
    });
    ui.panelScenarios = panel;
    return panel;
  }

  function applyFilters() {
    var terms = state.query.toLowerCase().split(/\s+/).filter(Boolean);
    filtered = ordered.filter(function (e) { return passes(e, terms); });
    renderWindow(0);
    var chips = ui.chips.querySelectorAll('button[data-status]');
    for (var i = 0; i < chips.length; i++) chips[i].setAttribute('aria-pressed', String(chips[i].dataset.status === state.status));
    ui.clear.disabled = !filtersActive();
    ui.empty.hidden = filtered.length > 0;
    if (!entries.length) ui.empty.textContent = 'No scenario ran in this run.';
  }

  function resetFilters() {
    state.status = 'all';
    state.suite = state.tag = state.rule = state.mark = state.query = '';
    ui.search.value = ui.suite.value = ui.tag.value = ui.rule.value = '';
    if (ui.mark) ui.mark.value = '';
    applyFilters();
  }

  function renderWindow(start) {
    ui.list.textContent = '';
    entries.forEach(function (e) { e.row = null; });
    winStart = winEnd = start;
    renderMore(PAGE);
  }

  function renderMore(n) {
    var end = Math.min(filtered.length, winEnd + n);
    var frag = document.createDocumentFragment();
    for (var k = winEnd; k < end; k++) frag.appendChild(renderRow(filtered[k]));
    ui.list.appendChild(frag);
    winEnd = end;
    updateListStatus();
  }

  function renderEarlier() {
    var start = Math.max(0, winStart - PAGE);
    var anchor = ui.list.firstElementChild;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    var frag = document.createDocumentFragment();
    for (var k = start; k < winStart; k++) frag.appendChild(renderRow(filtered[k]));
    ui.list.insertBefore(frag, anchor);
    winStart = start;
    updateListStatus();
    // Keep the rows the reader was looking at in place.
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function updateListStatus() {
    var after = filtered.length - winEnd;
    ui.moreBar.hidden = after <= 0;
    ui.more.textContent = 'Show ' + Math.min(PAGE, after) + ' more (' + after + ' below not shown)';
    ui.earlierBar.hidden = winStart <= 0;
    ui.earlier.textContent = 'Show ' + Math.min(PAGE, winStart) + ' earlier (' + winStart + ' above not shown)';
    var range = winStart > 0 ? 'Showing ' + (winStart + 1) + '\u2013' + winEnd : 'Showing ' + winEnd;
    ui.count.textContent = filtered.length === entries.length
      ? range + ' of ' + plural(entries.length, 'scenario')
      : range + ' of ' + filtered.length + ' matching (' + plural(entries.length, 'scenario') + ' in the report)';
    ui.count.dataset.matching = String(filtered.length);
    ui.count.dataset.shown = String(winEnd - winStart);
  }

  function chipButton(kind, value, cls) {
    var b = button('tagchip ' + cls, value);
    b.dataset.filter = kind;
    b.dataset.value = value;
    b.setAttribute('title', 'Show only scenarios with ' + kind + ' ' + value);
    return b;
  }

  function renderRow(e) {
    var s = e.s;
    var li = el('li', 'scn scn--' + s.status);
    li.dataset.index = String(e.i);
    // The title and id wrap inside their own box, so a long title never pushes them below the status icon.
    var toggle = attr(button('scn-toggle', [
      icon(s.status),
      srOnly(s.status + ': '),
      el('span', 'scn-text', [el('span', 'scn-title', s.title), el('span', 'scn-id', s.id)]),
    ]), { 'aria-expanded': 'false', 'aria-controls': 'scn-details-' + e.i });
    var meta = el('div', 'scn-meta', [el('span', 'tagchip tagchip--suite', s.suite)]);
    s.rules.forEach(function (r) { meta.appendChild(chipButton('rule', r, 'tagchip--rule')); });
    s.tags.forEach(function (t) { meta.appendChild(chipButton('tag', t, 'tagchip--tag')); });
    add(meta, markBadges(s));
    add(meta, [
      el('span', 'dur', fmtMs(s.timings.durationMs)),
      attr(link(scenarioHref(s.id), '#', 'permalink'), { 'aria-label': 'Link to scenario ' + s.id, title: 'Link to this scenario' }),
    ]);
    add(li, [el('div', 'scn-head', [toggle, meta])]);
    if (s.reason && s.status !== 'passed') li.appendChild(el('div', 'scn-reason', s.reason));
    e.row = li;
    return li;
  }

  function entryOf(node) {
    var li = node.closest('li.scn');
    return li ? entries[Number(li.dataset.index)] : null;
  }

  function onListClick(ev) {
    var chip = ev.target.closest('button[data-filter]');
    if (chip) {
      var kind = chip.dataset.filter;
      state[kind] = chip.dataset.value;
      ui[kind].value = chip.dataset.value;
      applyFilters();
      return;
    }
    var copy = ev.target.closest('button[data-copy]');
    if (copy) { copyText(copy); return; }
    var toggle = ev.target.closest('button.scn-toggle');
    if (toggle) {
      var e = entryOf(toggle);
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      setOpen(e, open);
      if (open) replaceHash(scenarioHref(e.s.id));
    }
  }

  function onListKey(ev) {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    if (!ev.target.classList || !ev.target.classList.contains('scn-toggle')) return;
    var li = ev.target.closest('li.scn');
    var next = ev.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling;
    if (!next && ev.key === 'ArrowDown' && winEnd < filtered.length) { renderMore(PAGE); next = li.nextElementSibling; }
    if (!next && ev.key === 'ArrowUp' && winStart > 0) { renderEarlier(); next = li.previousElementSibling; }
    if (next) { ev.preventDefault(); next.querySelector('.scn-toggle').focus(); }
  }

  function replaceHash(hash) {
    try { history.replaceState(null, '', hash); } catch { /* some file:// setups refuse; the permalink still works */ }
  }

  function setOpen(e, open) {
    var li = e.row;
    var toggle = li.querySelector('.scn-toggle');
    var det = li.querySelector('.scn-details');
    if (open && !det) {
      performance.mark('settlekit:open-start');
      det = buildDetails(e);
      li.appendChild(det);
      performance.measure('settlekit:open-scenario', 'settlekit:open-start');
    }
    if (det) det.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    li.classList.toggle('open', open);
  }

  // ---------------------------------------------------------------- scenario details (built on open)

  function facts(list) {
    var dl = el('dl', 'facts');
    list.forEach(function (f) { if (f) add(dl, [el('dt', null, f[0]), el('dd', null, f[1])]); });
    return dl;
  }

  function buildDetails(e) {
    var s = e.s;
    var d = attr(el('div', 'scn-details'), { id: 'scn-details-' + e.i });
    var ruleLinks = s.rules.map(function (r) {
      var rule = rulesById.get(r);
      return attr(link(ruleHref(r), r, 'mono'), { title: rule ? rule.level + ': ' + rule.title : 'Not in the rule catalogue' });
    });
    d.appendChild(facts([
      ['File', el('span', 'mono', s.file + ':' + s.line)],
      ['Suite', s.suite],
      ['Rules', ruleLinks.length ? ruleLinks.reduce(function (acc, b, i) { return acc.concat(i ? [' ', b] : [b]); }, []) : 'none'],
      s.tags.length ? ['Tags', s.tags.join(', ')] : null,
      ['Started', fmtDate(s.timings.startedAt)],
      ['Duration', fmtMs(s.timings.durationMs)],
    ].concat(markFacts(s))));
    if (s.reason && s.status !== 'passed') {
      d.appendChild(el('p', 'reason reason--' + s.status, [el('strong', null, s.status === 'skipped' ? 'Skipped: ' : s.status === 'errored' ? 'Error: ' : 'Failure: '), s.reason]));
    }
    if (!s.steps.length) d.appendChild(el('p', 'muted', 'No step ran.'));
    var ol = el('ol', 'steps');
    s.steps.forEach(function (st, k) { ol.appendChild(buildStep(s, st, k)); });
    d.appendChild(ol);
    return d;
  }

  function buildStep(s, st, k) {
    var li = el('li', 'step step--' + st.status);
    var det = el('details');
    var what = st.operation || st.action;
    det.appendChild(el('summary', 'step-sum', [
      icon(st.status),
      srOnly(st.status + ': '),
      el('span', 'step-no', (k + 1) + '.'),
      el('span', 'step-name', st.name),
      el('span', 'step-op mono', what),
      el('span', 'step-line muted', s.file + ':' + st.line),
      el('span', 'dur', fmtMs(st.timings.durationMs)),
    ]));
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      det.appendChild(buildStepBody(st));
    }
    if (st.status === 'failed' || st.status === 'errored') { det.open = true; fill(); }
    det.addEventListener('toggle', function () { if (det.open) fill(); });
    li.appendChild(det);
    return li;
  }

  function bodyPaths(st) {
    var paths = [];
    st.assertions.forEach(function (a) {
      if (!a.passed && (a.kind === 'body' || a.kind === 'schema') && typeof a.path === 'string' && a.path.charAt(0) === '/') paths.push(a.path);
    });
    return paths;
  }

  function buildStepBody(st) {
    var body = el('div', 'step-body');
    if (st.error) {
      body.appendChild(attr(el('div', 'error-box', [
        el('div', 'error-code mono', st.error.code),
        el('div', 'error-msg', st.error.message),
        st.error.hint ? el('div', 'error-hint', [el('strong', null, 'Hint: '), st.error.hint]) : null,
      ]), { role: 'group', 'aria-label': 'Error' }));
    }
    if (st.assertions.length) body.appendChild(buildAssertions(st));
    var paths = bodyPaths(st);
    var ex = el('div', 'exchange');
    if (st.request) ex.appendChild(buildRequest(st.request));
    if (st.response) ex.appendChild(buildResponse(st.response, paths));
    if (ex.childNodes.length) body.appendChild(ex);
    if (st.exchanges && st.exchanges.length > 1) body.appendChild(buildExchanges(st.exchanges));
    if (st.captures && Object.keys(st.captures).length) {
      body.appendChild(el('section', 'block', [el('h4', null, 'Captures'), kvTable(Object.keys(st.captures).map(function (k) { return [k, JSON.stringify(st.captures[k])]; }))]));
    }
    body.appendChild(facts([
      ['Action', el('span', 'mono', st.action + (st.operation && st.operation !== st.action ? ' \u00b7 ' + st.operation : ''))],
      ['Started', fmtDate(st.timings.startedAt)],
      ['Duration', fmtMs(st.timings.durationMs)],
    ]));
    if (st.curl) body.appendChild(buildCurl(st.curl));
    return body;
  }

  function buildAssertions(st) {
    var ul = attr(el('ul', 'asserts'), { 'aria-label': 'Assertions' });
    st.assertions.forEach(function (a) {
      var status = a.passed ? 'passed' : 'failed';
      var li = el('li', 'assert assert--' + status, [
        el('div', 'assert-line', [
          icon(status),
          srOnly(a.passed ? 'passed: ' : 'failed: '),
          el('span', 'kind', a.kind),
          a.path ? el('code', 'path', a.path) : null,
          el('span', 'msg', a.message),
        ]),
      ]);
      if (!a.passed) {
        if (a.schemaPath) li.appendChild(el('div', 'schema-path muted', ['Schema rule: ', el('code', null, a.schemaPath), a.path ? ' \u2014 highlighted in the response body' : '']));
        if (a.expected !== undefined || a.actual !== undefined) {
          if (isStructured(a.expected) || isStructured(a.actual)) li.appendChild(diffBlock(a.expected, a.actual));
          else {
            li.appendChild(el('div', 'expact', [
              el('div', 'vbox vbox--exp', [el('div', 'vlabel', 'Expected'), el('pre', 'code', show(a.expected))]),
              el('div', 'vbox vbox--act', [el('div', 'vlabel', 'Actual'), el('pre', 'code', show(a.actual))]),
            ]));
          }
        }
      }
      ul.appendChild(li);
    });
    return el('section', 'block', [el('h4', null, 'Assertions'), ul]);
  }

  function kvTable(rows) {
    var t = el('table', 'kv');
    var tb = el('tbody');
    rows.forEach(function (r) { tb.appendChild(el('tr', null, [el('th', 'mono', r[0]), el('td', 'mono', r[1])])); });
    t.appendChild(tb);
    return el('div', 'table-scroll', t);
  }

  function headerOf(headers, name) {
    for (var k in headers) if (k.toLowerCase() === name) return String(headers[k]);
    return '';
  }

  function bodyView(raw, ctype, decoded, paths, truncated) {
    var out = [];
    var trimmed = typeof raw === 'string' ? raw.replace(/^\s+/, '') : '';
    var parsed;
    var isJson = false;
    if (trimmed && (/json/i.test(ctype) || trimmed[0] === '{' || trimmed[0] === '[')) {
      try { parsed = JSON.parse(raw); isJson = true; } catch { isJson = false; }
    }
    if (isJson) out.push(labelled('Body (JSON)', codeBlock(jsonLines(parsed), paths, 'Body')));
    else if (trimmed && (/xml|html/i.test(ctype) || trimmed[0] === '<')) {
      out.push(labelled(/html/i.test(ctype) ? 'Body (HTML, shown as text)' : 'Body (XML)', codeBlock(xmlLines(raw), null, 'Body')));
    }
    else if (typeof raw === 'string' && raw.length) out.push(labelled('Body', codeBlock(textLines(raw), null, 'Body')));
    else if (decoded === undefined) out.push(el('p', 'muted small', 'No body.'));
    if (!isJson && decoded !== undefined) {
      var det = el('details', 'decoded', [el('summary', null, 'Decoded body' + (paths.length ? ' (failing paths highlighted)' : ''))]);
      det.appendChild(codeBlock(jsonLines(decoded), paths, 'Decoded body'));
      det.open = paths.length > 0 || !raw;
      out.push(det);
    }
    if (truncated && typeof raw === 'string') out.splice(1, 0, el('p', 'truncated', 'Truncated: only the first ' + fmtBytes(raw.length) + ' of the body were kept.'));
    return out;
  }

  function labelled(text, node) {
    return el('div', 'body-view', [el('div', 'vlabel', text), node]);
  }

  // A step sent several times at once (a race): every response, each opened on demand.
  function buildExchanges(exchanges) {
    var list = el('ol', 'exchanges');
    exchanges.forEach(function (x, i) {
      var summary = el('summary', null, [
        el('span', 'mono', '#' + (i + 1) + ' '),
        x.response ? el('span', 'http-status s' + String(x.response.status).charAt(0) + 'xx', String(x.response.status)) : el('span', 'badge badge--errored', x.error ? x.error.code : 'no response'),
        el('span', 'muted small', ' ' + fmtMs(x.durationMs)),
      ]);
      var det = el('details', 'exchange-item', [summary]);
      det.addEventListener('toggle', function () {
        if (!det.open || det.childNodes.length > 1) return;
        if (x.response) det.appendChild(buildResponse(x.response, []));
        else if (x.error) det.appendChild(el('div', 'error-box', [el('div', 'error-code mono', x.error.code), el('div', 'error-msg', x.error.message)]));
      });
      list.appendChild(el('li', null, [det]));
    });
    return el('section', 'block', [el('h4', null, 'All ' + exchanges.length + ' responses (sent at once)'), list]);
  }

  function buildRequest(req) {
    return el('section', 'block msg', [
      el('h4', null, 'Request'),
      el('div', 'reqline mono', [el('span', 'method', req.method), ' ', el('span', 'url', req.url)]),
      Object.keys(req.headers).length ? kvTable(Object.keys(req.headers).map(function (k) { return [k, req.headers[k]]; })) : null,
    ].concat(req.body !== undefined ? bodyView(req.body, headerOf(req.headers, 'content-type'), undefined, [], false) : []));
  }

  function buildResponse(res, paths) {
    var cls = 's' + String(res.status).charAt(0) + 'xx';
    return el('section', 'block msg', [
      el('h4', null, [
        'Response ',
        el('span', 'http-status ' + cls, String(res.status)),
        el('span', 'muted small', ' ' + fmtBytes(res.size)),
        res.truncated ? el('span', 'badge badge--errored', 'truncated') : null,
      ]),
      Object.keys(res.headers).length ? kvTable(Object.keys(res.headers).map(function (k) { return [k, res.headers[k]]; })) : null,
    ].concat(bodyView(res.body, headerOf(res.headers, 'content-type'), res.decoded, paths, res.truncated)));
  }

  function buildCurl(curl) {
    var pre = el('pre', 'code curl-text', curl);
    var b = button('btn btn--copy', 'Copy', 'Copy the curl command');
    b.dataset.copy = '1';
    return el('section', 'block curl', [el('div', 'curl-head', [el('h4', null, 'Reproduce with curl'), b]), pre]);
  }

  function copyText(b) {
    var pre = b.closest('.curl').querySelector('pre');
    var text = pre.textContent;
    function done(ok) {
      b.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
      setTimeout(function () { b.textContent = 'Copy'; }, 1800);
    }
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      try { done(document.execCommand('copy')); } catch { done(false); }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  }

  // ---------------------------------------------------------------- rules panel

  function buildRulesPanel() {
    ui.ruleSearch = attr(el('input', 'search'), { type: 'search', id: 'rule-search', placeholder: 'Search rule id, title, sentence, source', 'aria-label': 'Search rules', autocomplete: 'off' });
    ui.ruleLevel = select('Filter rules by level', 'rule-level', [['', 'All levels']].concat(LEVELS.map(function (l) { return [l, l]; })));
    ui.ruleStatus = select('Filter rules by status', 'rule-status', [['', 'All statuses']].concat(['failed', 'errored', 'untested', 'skipped', 'passed'].map(function (s) { return [s, s]; })));
    if (hasMarks) ui.ruleMark = markSelect('rule-mark', 'Filter rules by baseline change or waiver');
    [ui.ruleSearch, ui.ruleLevel, ui.ruleStatus, ui.ruleMark].forEach(function (c) { if (c) c.addEventListener(c === ui.ruleSearch ? 'input' : 'change', renderRules); });
    ui.ruleCount = attr(el('p', 'list-count'), { id: 'rule-count', 'aria-live': 'polite' });
    ui.ruleBody = el('tbody');
    var head = el('tr');
    ['Rule', 'Level', 'Status', 'Suite', 'Scenarios'].forEach(function (h) { head.appendChild(attr(el('th', null, h), { scope: 'col' })); });
    var table = attr(el('table', 'rules'), { id: 'rule-matrix' });
    add(table, [el('thead', null, head), ui.ruleBody]);
    table.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-show-rule]');
      if (!b) return;
      resetFilters();
      state.rule = ui.rule.value = b.dataset.showRule;
      showTab('scenarios');
      applyFilters();
      ui.list.scrollIntoView({ block: 'start' });
    });
    var panel = attr(el('section', 'panel', [el('div', 'toolbar', [ui.ruleSearch, ui.ruleLevel, ui.ruleStatus, ui.ruleMark || null]), ui.ruleCount, el('div', 'table-scroll', table)]), {
      id: 'panel-rules', role: 'tabpanel', 'aria-labelledby': 'tab-rules',
    });
    panel.hidden = true;
    ui.panelRules = panel;
    return panel;
  }

  function renderRules() {
    ui.rulesBuilt = true;
    var q = ui.ruleSearch.value.toLowerCase().split(/\s+/).filter(Boolean);
    var level = ui.ruleLevel.value;
    var status = ui.ruleStatus.value;
    var mark = ui.ruleMark ? ui.ruleMark.value : '';
    var rank = { failed: 0, errored: 1 };
    var rules = report.rules.map(function (r, i) { return { r: r, i: i }; }).filter(function (x) {
      var r = x.r;
      if (level && r.level !== level) return false;
      if (status && r.status !== status) return false;
      if (mark && marksOf(r).indexOf(mark) < 0) return false;
      var text = [r.id, r.title, r.sentence, r.source, r.suite, r.untestableReason || ''].join('\n').toLowerCase();
      return q.every(function (t) { return text.indexOf(t) >= 0; });
    }).sort(function (a, b) {
      var ra = rank[a.r.status] === undefined ? 2 : rank[a.r.status];
      var rb = rank[b.r.status] === undefined ? 2 : rank[b.r.status];
      return ra - rb || a.i - b.i;
    });
    ui.ruleBody.textContent = '';
    var frag = document.createDocumentFragment();
    rules.forEach(function (x) { frag.appendChild(ruleRow(x.r)); });
    ui.ruleBody.appendChild(frag);
    ui.ruleCount.textContent = 'Showing ' + rules.length + ' of ' + plural(report.rules.length, 'rule');
    ui.ruleCount.dataset.matching = String(rules.length);
  }

  function ruleRow(r) {
    var tr = el('tr', 'rule rule--' + r.status);
    tr.dataset.rule = r.id;
    var links = el('div', 'rule-links');
    r.scenarios.slice(0, MAX_RULE_LINKS).forEach(function (id) {
      var e = byId.get(id);
      var st = e ? e.s.status : 'untested';
      links.appendChild(link(scenarioHref(id), [icon(st), srOnly(st + ': '), id], 'scenario-link'));
    });
    if (r.scenarios.length > MAX_RULE_LINKS || r.scenarios.length > 1) {
      var b = button('linkish small', r.scenarios.length > MAX_RULE_LINKS ? 'Show all ' + r.scenarios.length + ' scenarios' : 'Filter scenarios by this rule');
      b.dataset.showRule = r.id;
      links.appendChild(b);
    }
    if (!r.scenarios.length) links.appendChild(el('span', 'muted', r.status === 'untested' ? 'none' : '\u2014'));
    var statusCell = el('td', null, [badge(r.status)].concat(markBadges(r)));
    if (r.status === 'untested') {
      statusCell.appendChild(el('div', 'untested-why small', r.untestableReason ? 'Untestable: ' + r.untestableReason : 'No scenario in this run covers this rule.'));
    }
    add(tr, [
      attr(el('td', 'rule-main', [
        el('div', 'rule-head', [el('span', 'rule-id mono', r.id), ' ', el('span', 'rule-title', r.title)]),
        el('blockquote', 'sentence', r.sentence),
        el('div', 'source small muted', ['Source: ', el('span', 'mono', r.source)]),
      ]), { 'data-label': 'Rule' }),
      attr(el('td', null, el('span', 'level level--' + r.level, r.level)), { 'data-label': 'Level' }),
      attr(statusCell, { 'data-label': 'Status' }),
      attr(el('td', 'mono small', r.suite), { 'data-label': 'Suite' }),
      attr(el('td', null, links), { 'data-label': 'Scenarios' }),
    ]);
    return tr;
  }

  function openRule(id) {
    showTab('rules');
    ui.ruleSearch.value = ui.ruleLevel.value = ui.ruleStatus.value = '';
    if (ui.ruleMark) ui.ruleMark.value = '';
    renderRules();
    var rows = ui.ruleBody.children;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.rule === id) {
        var row = rows[i];
        row.classList.add('targeted');
        row.scrollIntoView({ block: 'center' });
        setTimeout(function () { row.classList.remove('targeted'); }, 2500);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- deep links

  function decodeHashValue(v) {
    try { return decodeURIComponent(v); } catch { return v; }
  }

  function openScenario(id) {
    var e = byId.get(id);
    ui.notice.hidden = !!e;
    if (!e) { ui.notice.textContent = 'No scenario with id "' + id + '" in this report.'; return; }
    showTab('scenarios');
    var idx = filtered.indexOf(e);
    if (idx < 0) { resetFilters(); idx = filtered.indexOf(e); }
    if (idx >= winEnd && idx < winEnd + PAGE) renderMore(idx + 1 - winEnd);
    else if (idx < winStart || idx >= winEnd) renderWindow(Math.max(0, idx - 5));
    setOpen(e, true);
    var prev = ui.list.querySelector('li.targeted');
    if (prev) prev.classList.remove('targeted');
    e.row.classList.add('targeted');
    e.row.scrollIntoView({ block: 'start' });
    e.row.querySelector('.scn-toggle').focus({ preventScroll: true });
  }

  function onHash() {
    var h = location.hash;
    if (h.indexOf('#scenario=') === 0) openScenario(decodeHashValue(h.slice('#scenario='.length)));
    else if (h.indexOf('#rule=') === 0) openRule(decodeHashValue(h.slice('#rule='.length)));
  }

  // ---------------------------------------------------------------- keyboard

  function onKey(ev) {
    var t = ev.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    if (ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      var box = ui.tab === 'rules' ? ui.ruleSearch : ui.search;
      box.focus();
      box.select();
    } else if (ev.key === 'Escape') {
      if (ui.tab === 'rules') {
        if (ui.ruleSearch.value || ui.ruleLevel.value || ui.ruleStatus.value || (ui.ruleMark && ui.ruleMark.value)) {
          ui.ruleSearch.value = ui.ruleLevel.value = ui.ruleStatus.value = '';
          if (ui.ruleMark) ui.ruleMark.value = '';
          renderRules();
        } else if (t === ui.ruleSearch) t.blur();
        return;
      }
      if (state.query) { state.query = ui.search.value = ''; applyFilters(); }
      else if (filtersActive()) resetFilters();
      else if (t === ui.search) t.blur();
    }
  }

  // ---------------------------------------------------------------- boot

  var app = document.getElementById('app');
  app.textContent = '';
  document.title = 'settlekit \u2014 ' + (report.verdict.conformant ? 'CONFORMANT' : 'NOT CONFORMANT') + ' \u2014 ' + report.target.url;
  app.appendChild(buildHeader());
  if (report.interrupted) app.appendChild(buildInterrupted());
  if (report.stopped) app.appendChild(buildStopped());
  ui.notice = attr(el('div', 'banner banner--info'), { role: 'status', id: 'notice' });
  ui.notice.hidden = true;
  var main = attr(el('main', 'main'), { id: 'main' });
  add(main, [buildSummary(), ui.notice, buildTabs(), buildScenarioPanel(), buildRulesPanel()]);
  app.appendChild(main);
  app.appendChild(el('footer', 'footer', [
    el('p', null, [
      'Keyboard: ', el('kbd', null, '/'), ' search \u00b7 ', el('kbd', null, 'Esc'), ' clear \u00b7 ', el('kbd', null, 'Enter'), ' / ', el('kbd', null, 'Space'),
      ' open a scenario \u00b7 ', el('kbd', null, '\u2191'), ' ', el('kbd', null, '\u2193'), ' move between scenarios',
    ]),
    el('p', null, 'Generated by ' + report.kit.name + ' ' + report.kit.version + ' from a JSON report (schema v' + report.schemaVersion + '). This file is self-contained: it loads nothing.'),
  ]));
  showTab('scenarios');
  applyFilters();
  app.removeAttribute('aria-busy');
  performance.mark('settlekit:list-rendered');
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', onHash);
  // A link to the hash the page already has fires no hashchange (e.g. a scenario opened by a click, then closed).
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#scenario="], a[href^="#rule="]');
    if (a && a.getAttribute('href') === location.hash && !ev.defaultPrevented) {
      ev.preventDefault();
      onHash();
    }
  });
  onHash();
  document.documentElement.dataset.ready = 'true';
})();

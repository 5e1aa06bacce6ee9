// The agency workspace: the live check of the report text and confirmations.
// No framework: the text is posted to the check route as the clerk types, and each
// sentence a finding quotes is marked under its part (text nodes only, never HTML).
(function () {
  "use strict";
  const SEV = { error: "错误", warning: "警告", info: "提示" };

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.dataset.confirm)) e.preventDefault();
    });
  });

  const form = document.getElementById("narrative");
  if (!form || !form.dataset.check) return;
  const token = form.querySelector("input[name=csrf_token]").value;
  const state = document.getElementById("check-state");
  let timer = null;
  let seq = 0;

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function badge(id, label, n, kind) {
    const b = document.getElementById(id);
    if (!b) return;
    b.textContent = label + " " + n;
    b.className = "badge " + (n ? kind : "ok");
  }

  // The text of a part with each quoted sentence wrapped in <mark>.
  function marked(text, hits) {
    const box = el("div", "marked");
    const spans = [];
    hits.forEach(function (f) {
      let at = text.indexOf(f.quote);
      while (at >= 0) {
        spans.push([at, at + f.quote.length, f]);
        at = text.indexOf(f.quote, at + f.quote.length);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    let pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      box.appendChild(document.createTextNode(text.slice(pos, s[0])));
      const m = el("mark", "q mk-" + s[2].severity, text.slice(s[0], s[1]));
      m.title = s[2].message;
      box.appendChild(m);
      pos = s[1];
    });
    box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }

  function show(result) {
    badge("n-errors", "错误", result.errors, "error");
    badge("n-warnings", "警告", result.warnings, "warning");
    const list = document.getElementById("findings");
    list.replaceChildren();
    if (!result.findings.length) list.appendChild(el("p", "muted", "没有发现问题。"));
    result.findings.forEach(function (f) {
      const d = el("div", "finding " + f.severity);
      d.appendChild(el("span", "badge " + f.severity, SEV[f.severity] || f.severity));
      d.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(d);
    });
    form.querySelectorAll(".part[data-part]").forEach(function (part) {
      const area = part.querySelector("textarea");
      const marks = part.querySelector(".marks");
      if (!area || !marks) return;
      const text = area.value;
      const hits = result.findings.filter(function (f) {
        return f.quote && text.indexOf(f.quote) >= 0;
      });
      marks.replaceChildren();
      part.classList.toggle("has-error", hits.some(function (f) { return f.severity === "error"; }));
      if (!hits.length) return;
      marks.appendChild(marked(text, hits));
      hits.forEach(function (f) {
        marks.appendChild(el("div", "finding " + f.severity, (SEV[f.severity] || "") + "：" + f.message));
      });
    });
    if (state) state.textContent = "已检查";
  }

  function run() {
    const mine = ++seq;
    if (state) state.textContent = "检查中…";
    fetch(form.dataset.check, {
      method: "POST",
      body: new FormData(form),
      headers: { "x-csrf-token": token },
      credentials: "same-origin",
    })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (res) { if (mine === seq) show(res); })
      .catch(function () { if (state) state.textContent = "检查失败，请稍后重试"; });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 500);
  });
  run();
})();

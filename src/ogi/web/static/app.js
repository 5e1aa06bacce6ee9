// ogi: the little behaviour the pages need. Everything works without it except drag and
// drop, live progress and the jumps between findings and their places.
"use strict";

function $(sel, root) { return (root || document).querySelector(sel); }
function $all(sel, root) { return Array.from((root || document).querySelectorAll(sel)); }

// -- upload: drag and drop onto the zone fills the file input -------------------------------
function setupDropzones() {
  $all(".dropzone").forEach(function (zone) {
    var input = $("input[type=file][name=files]", zone);
    var list = $("ul", zone);
    function show(files) {
      if (!list) return;
      list.innerHTML = "";
      Array.from(files).forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + "（" + Math.ceil(f.size / 1024) + " KB）";
        list.appendChild(li);
      });
    }
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      var dt = new DataTransfer();
      Array.from(e.dataTransfer.files).forEach(function (f) { dt.items.add(f); });
      input.files = dt.files;
      show(input.files);
    });
    $all("input[type=file]", zone).forEach(function (i) {
      i.addEventListener("change", function () {
        if (i !== input) {  // the folder picker: its files go into the one field sent
          var dt = new DataTransfer();
          Array.from(i.files).forEach(function (f) { dt.items.add(f); });
          input.files = dt.files;
        }
        show(input.files);
      });
    });
  });
}

// -- background job progress -----------------------------------------------------------------
function setupJobs() {
  $all("[data-job]").forEach(function (box) {
    var id = box.getAttribute("data-job");
    var bar = $(".progress > div", box), text = $(".job-text", box);
    function poll() {
      fetch("/jobs/" + id, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (s) {
          var pct = s.total ? Math.round(100 * s.done / s.total) : 0;
          if (bar) bar.style.width = pct + "%";
          if (text) text.textContent = (s.message || "") + "（" + s.done + " / " + s.total + "）";
          if (s.status === "done" || s.status === "failed") {
            window.location.replace(window.location.pathname);
          } else {
            window.setTimeout(poll, 1000);
          }
        }).catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  });
}

// -- findings and their places ---------------------------------------------------------------
function flash(el) {
  el.classList.remove("flashing");
  void el.offsetWidth;  // restart the animation
  el.classList.add("flashing");
}

function showFinding(item, scroll) {
  $all(".finding.active").forEach(function (f) { f.classList.remove("active"); });
  item.classList.add("active");
  var targets = (item.getAttribute("data-targets") || "").split(" ").filter(Boolean);
  var first = null;
  targets.forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { flash(el); if (!first) first = el; }
    var box = document.getElementById("box-" + id);
    if (box) { flash(box); }
  });
  if (first && scroll !== false) first.scrollIntoView({ block: "center" });
  var box = targets.map(function (id) { return document.getElementById("box-" + id); })
    .filter(Boolean)[0];
  if (box) box.scrollIntoView({ block: "center" });
}

function closePopover() { var p = $(".popover"); if (p) p.remove(); }

function setupFindings() {
  $all(".finding[data-targets]").forEach(function (item) {
    item.addEventListener("click", function (e) {
      if (e.target.closest("form, details, a, button, textarea, select, input")) return;
      showFinding(item);
    });
  });
  $all("[data-marks]").forEach(function (cell) {
    cell.addEventListener("click", function (e) {
      e.stopPropagation();
      closePopover();
      var ids = cell.getAttribute("data-marks").split(" ").filter(Boolean);
      var pop = document.createElement("div");
      pop.className = "popover";
      var ul = document.createElement("ul");
      ids.forEach(function (id) {
        var item = document.getElementById(id);
        if (!item) return;
        var li = document.createElement("li");
        var summary = $(".summary", item);
        li.textContent = summary ? summary.textContent.trim() : id;
        li.addEventListener("click", function () {
          closePopover();
          item.scrollIntoView({ block: "center" });
          showFinding(item, false);
        });
        ul.appendChild(li);
      });
      pop.appendChild(ul);
      document.body.appendChild(pop);
      var r = cell.getBoundingClientRect();
      pop.style.left = Math.max(8, window.scrollX + r.left) + "px";
      pop.style.top = (window.scrollY + r.bottom + 4) + "px";
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".popover")) closePopover();
  });
  // ?cells=a,b from a figure's link: the cells it was computed from.
  var wanted = new URLSearchParams(window.location.search).get("cells");
  if (wanted) {
    var first = null;
    wanted.split(",").forEach(function (path) {
      var el = document.getElementById("c-" + path.split(".").join("-"));
      if (el) { el.classList.add("picked"); if (!first) first = el; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  if (window.location.hash.indexOf("#f-") === 0) {
    var item = document.getElementById(window.location.hash.slice(1));
    if (item) { item.scrollIntoView({ block: "center" }); showFinding(item, false); }
  }
}

// -- side panel tabs: findings / the original file -------------------------------------------
function setupTabs() {
  $all(".tabs button[data-pane]").forEach(function (b) {
    b.addEventListener("click", function () {
      var name = b.getAttribute("data-pane");
      $all(".tabs button[data-pane]").forEach(function (x) { x.classList.toggle("on", x === b); });
      $all(".pane").forEach(function (p) { p.hidden = p.id !== "pane-" + name; });
      document.body.classList.toggle("show-original", name === "original");
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupDropzones();
  setupJobs();
  setupFindings();
  setupTabs();
});

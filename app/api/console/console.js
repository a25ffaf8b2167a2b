// The operator console: a page over the TinyLarge API (same origin). No framework: fetch, SSE
// read from the response stream (EventSource cannot send the Authorization header), cytoscape.js.
"use strict";

const ROLES = ["viewer", "operator", "admin"];
const LAYERS = ["cloud", "core", "transport", "edge", "ran", "site"];
const $ = (sel) => document.querySelector(sel);
let token = sessionStorage.getItem("tinylarge-token");
let me = null;
let cy = null;
let timer = null;

class Problem extends Error {
  constructor(status, body) {
    super(body.detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${token}`, ...(options.headers || {}) };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { ...options, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Problem(r.status, body);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

// -- login ---------------------------------------------------------------------------------------
async function login(candidate) {
  token = candidate;
  try {
    me = await api("/me");
  } catch (e) {
    token = null;
    sessionStorage.removeItem("tinylarge-token");
    $("#login-error").textContent = e.status === 401 ? "That token is unknown or revoked." : e.message;
    return;
  }
  sessionStorage.setItem("tinylarge-token", token);
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = `${me.owner} (${me.role})`;
  const rank = ROLES.indexOf(me.role);
  for (const b of document.querySelectorAll(".needs-operator")) b.disabled = rank < 1;
  for (const b of document.querySelectorAll(".needs-admin")) b.disabled = rank < 2;
  if (rank < 1) $("#text").placeholder = "viewers read; an operator token sends requests";
  await refresh();
  timer = setInterval(refresh, 3000);
}

function logout() {
  sessionStorage.removeItem("tinylarge-token");
  clearInterval(timer);
  location.reload();
}

// -- requests ------------------------------------------------------------------------------------
async function ask(text, dryRun) {
  const box = el("div", { class: "msg user" }, el("div", {}, text));
  const steps = el("ol", { class: "steps", "data-testid": "steps" });
  box.append(steps);
  $("#messages").append(box);
  const r = await fetch("/intents", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify({ text, dry_run: dryRun }),
  });
  if (!r.ok || !(r.headers.get("content-type") || "").includes("text/event-stream")) {
    showProblem(box, await r.json().catch(() => ({ detail: `HTTP ${r.status}` })));
    return;
  }
  for await (const { event, data } of sse(r.body)) {
    const body = JSON.parse(data);
    if (event === "step") steps.append(el("li", {}, `${body.step} · ${body.ms.toFixed(0)} ms`));
    else if (event === "run") showRun(box, body);
    else if (event === "problem") showProblem(box, body);
  }
  box.scrollIntoView({ block: "end" });
}

async function* sse(stream) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { event, data: data.join("\n") };
    }
  }
}

function showRun(box, run) {
  const out = el("div", { class: "outcome", "data-testid": "outcome" });
  const r = run.result || {};
  out.append(el("div", {}, el("b", {}, run.status), ` · ${run.run_id}`));
  if (r.answer) out.append(el("pre", {}, JSON.stringify(r.answer.answers, null, 1).slice(0, 1500)));
  const plan = run.waiting_for || r.plan;
  if (plan) {
    if (plan.readback && plan.readback.length) out.append(el("pre", { "data-testid": "readback" }, plan.readback.join("\n")));
    if (plan.diff && plan.diff.length) out.append(el("pre", { "data-testid": "diff" }, plan.diff.join("\n")));
  }
  if (run.status === "waiting") {
    out.append(el("div", {}, `needs approval: ${(run.waiting_for.why || []).join("; ")}`));
    out.append(decisionButtons(run, (decided) => showRun(box, decided), (p) => showProblem(box, p)));
  }
  box.className = `msg ${run.status === "waiting" ? "wait" : "ok"}`;
  box.append(out);
  refresh();
}

function decisionButtons(run, done, failed) {
  const bar = el("div", { class: "buttons" });
  const decide = async (approve) => {
    for (const b of bar.querySelectorAll("button")) b.disabled = true;
    try {
      done(await api(`/approvals/${run.run_id}`, { method: "POST", body: { approve } }));
    } catch (e) {
      failed(e.body || { detail: e.message });
    }
    refresh();
  };
  const yes = el("button", { onclick: () => decide(true) }, "Approve");
  const no = el("button", { onclick: () => decide(false) }, "Reject");
  yes.disabled = no.disabled = ROLES.indexOf(me.role) < 1;
  bar.append(yes, no);
  return bar;
}

function showProblem(box, p) {
  box.className = "msg bad";
  const out = el("div", { class: "outcome", "data-testid": "outcome" },
    el("div", {}, el("b", {}, p.code || "error"), `: ${p.detail || ""}`));
  if (p.explanation && p.explanation.runbook && p.explanation.runbook.length) {
    out.append(el("pre", {}, p.explanation.runbook[0].source));
  }
  box.append(out);
}

// -- the side panels -----------------------------------------------------------------------------
async function refresh() {
  try {
    const [topo, loop, alarms, jobs, audit, waiting] = await Promise.all([
      api("/topology"), api("/loop"), api("/alarms?limit=15"), api("/learn/jobs"), api("/audit?limit=15"),
      api("/approvals")]);
    drawApprovals(waiting);
    drawTopology(topo);
    drawLoop(loop);
    fill("#alarms", alarms.map((a) => [a.node, a.kind, a.score.toFixed(2), a.raised_tick, a.cleared_tick ?? "open"]));
    drawJobs(jobs);
    fill("#audit", audit.map((a) => [a.seq, a.ts.slice(0, 19).replace("T", " "), a.actor, a.action]));
  } catch (e) {
    if (e.status === 401) logout();
  }
}

function drawApprovals(waiting) {
  const box = $("#approvals");
  const shown = [...box.children].map((c) => c.dataset.run).join(",");
  if (box.children.length && shown === waiting.map((r) => r.run_id).join(",")) return;  // keep buttons in place
  box.replaceChildren(...(waiting.length ? waiting.map((run) => {
    const item = el("div", { class: "msg wait", "data-run": run.run_id },
      el("div", {}, `${run.run_id} by ${run.actor}${run.text ? `: ${run.text}` : ""}`),
      el("pre", {}, (run.waiting_for.readback || []).join("\n")),
      el("div", {}, `why: ${(run.waiting_for.why || []).join("; ")}`));
    item.append(decisionButtons(run, () => refresh(), (p) => showProblem(item, p)));
    return item;
  }) : [el("div", { "data-run": "" }, "nothing waits")]));
}

function fill(sel, rows) {
  const body = $(`${sel} tbody`);
  body.replaceChildren(...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c)))));
}

function drawTopology(topo) {
  const byRole = {};
  for (const n of topo.nodes) (byRole[n.role] = byRole[n.role] || []).push(n.id);
  const elements = [];
  for (const n of topo.nodes) {
    const row = byRole[n.role];
    elements.push({ data: { id: n.id, label: n.id, role: n.role },
      position: { x: (row.indexOf(n.id) + 1) * 900 / (row.length + 1), y: 40 + 70 * LAYERS.indexOf(n.role) } });
  }
  for (const l of topo.links) {
    const cls = [!l.up && "down", l.slices.length && "slice", l.routes.length && "route"].filter(Boolean).join(" ");
    elements.push({ data: { id: `${l.source}--${l.target}`, source: l.source, target: l.target,
      title: `${l.source}–${l.target}: ${l.reserved_mbps} / ${l.capacity_mbps} Mbit/s reserved; ${[...l.slices, ...l.routes].join(", ")}` },
    classes: cls });
  }
  if (cy === null) {
    cy = cytoscape({ container: $("#graph"), elements, layout: { name: "preset" }, userZoomingEnabled: true,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 9, width: 14, height: 14, "background-color": "#8a94a6" } },
        { selector: "node[role = 'site']", style: { "background-color": "#2c6bed" } },
        { selector: "edge", style: { width: 1.5, "line-color": "#c5cbd6" } },
        { selector: "edge.slice", style: { width: 3, "line-color": "#2c6bed" } },
        { selector: "edge.route", style: { width: 3, "line-color": "#8e44ad" } },
        { selector: "edge.down", style: { "line-color": "#d0342c", "line-style": "dashed" } },
      ] });
    cy.fit(undefined, 10);
  } else {
    for (const e of elements) {
      const have = cy.getElementById(e.data.id);
      if (have.empty()) cy.add(e); else if (e.classes !== undefined) have.classes(e.classes);
    }
  }
  $("#graph").dataset.slices = Object.keys(topo.slices).join(",");
  $("#graph").dataset.down = topo.links.filter((l) => !l.up).length;
}

function drawLoop(loop) {
  const acts = loop.actions.slice(-6).map((a) => `${a.tick}: ${a.action} at ${a.node} (${a.event}): ${a.status}`);
  $("#loop").replaceChildren(
    el("div", {}, `${loop.running ? "running" : "stopped"} · scenario ${loop.scenario}` +
      (loop.tick !== null ? ` · tick ${loop.tick} · SLA violations ${loop.violations}` : "") +
      (loop.killed ? " · KILL SWITCH ON" : "")),
    el("pre", {}, acts.join("\n") || "no actions"));
}

function drawJobs(jobs) {
  $("#jobs").replaceChildren(...(jobs.length ? jobs.slice(0, 6).map((j) => {
    const rounds = (j.spec.params && j.spec.params.rounds) || 1;
    return el("div", {}, `${j.id} · ${j.status} `, el("progress", { max: rounds, value: Math.min(j.progress.length, rounds) }));
  }) : [el("div", {}, "no jobs")]));
}

// -- wiring --------------------------------------------------------------------------------------
$("#login-form").addEventListener("submit", (ev) => { ev.preventDefault(); login($("#token").value.trim()); });
$("#logout").addEventListener("click", logout);
$("#ask").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("#text").value.trim();
  if (!text) return;
  $("#text").value = "";
  $("#send").disabled = true;
  try { await ask(text, $("#dry").checked); } finally { $("#send").disabled = ROLES.indexOf(me.role) < 1; }
});
$("#loop-start").addEventListener("click", () => api("/loop/start", { method: "POST", body: { scenario: "ddos", tick_s: 1 } }).then(refresh, alertProblem));
$("#loop-stop").addEventListener("click", () => api("/loop/stop", { method: "POST" }).then(refresh, alertProblem));
$("#loop-kill").addEventListener("click", () => api("/loop/kill", { method: "POST", body: { on: true, reason: "console" } }).then(refresh, alertProblem));

function alertProblem(e) { window.alert(e.message); }

if (token) login(token);

// The playground's live board (the boundary, the numbers and the loss curve) and its Play button.
//
// Play and Pause go straight to the server over the board's own WebSocket (ui/playground/stream.py), and the training thread
// (core/playground/play.py) sends back a frame after every chunk of training; the board draws the newest one in the next
// animation frame. Nothing here waits for a Streamlit rerun. When a press ends (Pause, Step, Reset, or training
// stopping by itself) the board asks Streamlit for a rerun, so the rest of the page (metrics, curves, the network and
// its units) shows the network as it is. No rerun while it plays: a rerun's redraw holds the page for a few hundred
// milliseconds, and ten learners playing at once would each cost the server a page run every few seconds. Step and
// Reset are Streamlit buttons.
//
// Data from Python (ui/playground/live_board.py): token, path, lut (255 RGB triples and the colour for "not a number"),
// points [[x, y, label or shade, set]] (set 0 training, 1 validation, 2 test), box [[x0, x1], [y0, y1]],
// show_test, discretize, task, history [[epoch, train, test]], frame (the current frame, base64), labels.
// Everything drawn comes from numbers; text goes in with textContent. Nothing is parsed as HTML.

const CURVE_MAX = 600;      // curve points kept (every other one dropped when full): cheap to redraw each frame
const ANNOUNCE_MS = 5000;   // a screen reader hears the numbers at most this often while playing
const QUEUE_MAX = 3;        // frames waiting beyond this (a busy page) are skipped to the newest: it stays live

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function parseFrame(buf) {
  const view = new DataView(buf);
  const n = view.getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)));
  return { header, cells: new Uint8Array(buf, 4 + n) };
}

function fmt(x, digits) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(digits);
}

class Board {
  constructor(root, data, setTriggerValue) {
    this.root = root;
    this.trigger = setTriggerValue;
    this.curve = [];
    this.queue = [];         // frames received, not drawn yet: one per animation frame, so none is lost to jitter
    this.drawn = 0;          // frames drawn (read by tests and the benchmark)
    this.times = [];         // when each frame was drawn (performance.now), for the benchmark
    this.wasPlaying = false;
    this.changed = null;
    this.announced = 0;
    this.build();
    this.update(data);
    this.connect();
    const tick = () => {
      if (!this.root.isConnected) { this.close(); return; }
      if (this.queue.length > QUEUE_MAX) this.queue.splice(0, this.queue.length - 1);  // far behind: the newest
      if (this.queue.length) this.draw(this.queue.shift());
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  build() {
    const r = this.root;
    r.classList.add('nnlab-board');
    this.numbers = el('p', 'nnlab-board-numbers', '');
    this.numbers.setAttribute('aria-hidden', 'true');
    this.status = el('p', 'nnlab-board-status', '');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    const stage = el('div', 'nnlab-board-stage');
    this.canvas = el('canvas', 'nnlab-board-plane');
    this.canvas.setAttribute('role', 'img');
    this.dots = el('canvas', 'nnlab-board-dots');
    this.dots.setAttribute('aria-hidden', 'true');
    stage.append(this.canvas, this.dots);
    this.curveCanvas = el('canvas', 'nnlab-board-curve');
    this.curveCanvas.setAttribute('role', 'img');
    this.legend = el('p', 'nnlab-board-legend', '');
    r.append(this.numbers, stage, this.curveCanvas, this.legend, this.status);
    this.cells = document.createElement('canvas');
  }

  update(data) {
    this.data = data;
    const lut = data.lut;
    this.lut = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) for (let c = 0; c < 3; c++) this.lut[3 * i + c] = lut[Math.min(i, lut.length - 1)][c];
    this.canvas.setAttribute('aria-label', data.alt);
    this.curveCanvas.setAttribute('aria-label', 'Loss curve: ' + data.labels.join(' and ') + ' against epochs');
    this.legend.textContent = data.legend;
    this.curve = data.history.slice(-CURVE_MAX);  // the server's record; frames append to it while playing
    if (data.frame) {
      const bin = atob(data.frame), buf = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
      const f = parseFrame(buf.buffer);
      if (!this.last || !this.playing) this.queue.push(f);
    }
    this.points();
  }

  get playing() { return this.last ? this.last.header.playing : false; }

  connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + this.data.path + this.data.token;
    const ws = this.ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (ev) => { this.queue.push(parseFrame(ev.data)); };
    ws.onclose = (ev) => {
      if (this.closed) return;
      if (ev.code === 4404) { this.say('This page is out of date: reload it to play again.'); return; }
      setTimeout(() => { if (!this.closed && this.root.isConnected) this.connect(); }, 500);
    };
  }

  send(cmd) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ cmd }));
    else this.say('Not connected to the server yet: try again in a moment.');
  }

  close() {
    this.closed = true;
    document.documentElement.removeAttribute('data-nnlab-playing');
    if (this.ws) this.ws.close();
  }

  say(text) { this.status.textContent = text; }

  draw(f) {
    const h = f.header, n = h.n, lut = this.lut;
    if (this.cells.width !== n) { this.cells.width = n; this.cells.height = n; }
    const ctx = this.cells.getContext('2d');
    const img = ctx.createImageData(n, n);
    const disc = this.data.discretize;
    for (let i = 0; i < n * n; i++) {
      let v = f.cells[i];
      if (disc && v !== 255) v = v >= 127 ? 254 : 0;
      img.data[4 * i] = lut[3 * v]; img.data[4 * i + 1] = lut[3 * v + 1]; img.data[4 * i + 2] = lut[3 * v + 2];
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const size = this.size();
    const plane = this.canvas.getContext('2d');
    plane.imageSmoothingEnabled = true;
    plane.drawImage(this.cells, 0, 0, size, size);
    this.numbers.textContent = this.describe(h);
    if (h.playing && (!this.curve.length || this.curve[this.curve.length - 1][0] < h.epoch)) {
      this.curve.push([h.epoch, h.train_loss, h.test_loss]);
      if (this.curve.length > CURVE_MAX) this.curve = this.curve.filter((_, i) => i % 2 === 0);
    }
    this.drawCurve();
    const button = playButtons()[this.data.token];
    if (button) button.show(h.playing);
    this.root.dataset.playing = h.playing ? '1' : '0';
    this.root.dataset.epoch = String(h.epoch);
    this.root.dataset.lr = String(h.lr);
    this.root.dataset.testLoss = h.test_loss === null ? '' : String(h.test_loss);
    const now = performance.now();
    this.drawn += 1;
    this.root.dataset.drawn = String(this.drawn);
    this.times.push(now);
    if (this.times.length > 20000) this.times.splice(0, 10000);
    document.documentElement.toggleAttribute('data-nnlab-playing', h.playing);  // greys the page's stale parts
    if (h.playing && !this.wasPlaying) {
      this.say('Playing. The greyed numbers and charts show the network as it was; they catch up when you pause.');
      this.announced = now;
    }
    else if (h.playing && now - this.announced > ANNOUNCE_MS) { this.say(this.describe(h)); this.announced = now; }
    const ended = this.wasPlaying && !h.playing;
    const changed = this.changed !== null && h.changed !== this.changed;
    if (ended) this.say((h.why || 'Paused') + '. ' + this.describe(h));
    this.wasPlaying = h.playing;
    this.changed = h.changed;
    this.last = f;
    if (ended || changed) this.trigger('sync', h.frame);  // one rerun: the rest of the page catches up
  }

  describe(h) {
    const acc = h.test_acc === null || h.test_acc === undefined ? '' :
      ` · test accuracy ${Math.round(100 * h.test_acc)} %`;
    const val = h.val_loss === null || h.val_loss === undefined ? '' : ` · validation loss ${fmt(h.val_loss, 3)}`;
    return `Epoch ${h.epoch} · training loss ${fmt(h.train_loss, 3)}${val} · test loss ${fmt(h.test_loss, 3)}${acc}`;
  }

  size() {
    const css = Math.max(120, Math.round(this.root.clientWidth || 400));
    const px = Math.round(Math.min(css, this.data.max_px) * (window.devicePixelRatio || 1));
    for (const c of [this.canvas, this.dots]) if (c.width !== px || c.height !== px) { c.width = px; c.height = px; this.dotsDrawn = false; }
    if (!this.dotsDrawn) this.points();
    return px;
  }

  points() {
    const px = this.canvas.width;
    if (!px) return;
    const ctx = this.dots.getContext('2d');
    ctx.clearRect(0, 0, px, px);
    const [[x0, x1], [y0, y1]] = this.data.box;
    const r = Math.max(2.5, px / 110);
    for (const [x, y, v, set] of this.data.points) {
      if (set === 2 && !this.data.show_test) continue;
      const cx = (x - x0) / (x1 - x0) * px, cy = (y1 - y) / (y1 - y0) * px;
      const k = this.data.task === 'classification' ? (v ? 254 : 0) : Math.max(0, Math.min(254, Math.round(v * 254)));
      const base = this.data.point_lut[k];
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${base[0]},${base[1]},${base[2]})`;
      ctx.fill();
      ctx.lineWidth = set === 2 ? 2 : 1;
      ctx.strokeStyle = set === 2 ? '#000' : '#fff';
      ctx.stroke();
    }
    this.dotsDrawn = true;
  }

  drawCurve() {
    const c = this.curveCanvas, w = Math.round((this.root.clientWidth || 400) * (window.devicePixelRatio || 1));
    const hpx = Math.round(w * 0.3);
    if (c.width !== w || c.height !== hpx) { c.width = w; c.height = hpx; }
    const ctx = c.getContext('2d');
    ctx.clearRect(0, 0, c.width, c.height);
    const pts = this.curve;
    if (pts.length < 2) return;
    const emax = pts[pts.length - 1][0] || 1;
    let ymax = 0;
    for (const p of pts) for (const v of [p[1], p[2]]) if (v !== null && isFinite(v)) ymax = Math.max(ymax, v);
    ymax = ymax || 1;
    const colours = this.data.curve_colours;
    for (const k of [1, 2]) {
      ctx.beginPath();
      let started = false;
      for (const p of pts) {
        if (p[k] === null || !isFinite(p[k])) { started = false; continue; }
        const x = p[0] / emax * (c.width - 2) + 1, y = c.height - 1 - Math.min(p[k], ymax) / ymax * (c.height - 2);
        if (started) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        started = true;
      }
      ctx.strokeStyle = colours[k - 1];
      ctx.lineWidth = Math.max(1.5, (window.devicePixelRatio || 1) * 1.5);
      ctx.stroke();
    }
  }
}

function playButtons() { return window.__nnlabPlay || (window.__nnlabPlay = {}); }

// The Play button: a plain button in the row of Streamlit's buttons, sending Play or Pause over its board's socket.
function mountButton(parentElement, data) {
  let button = playButtons()[data.token];
  if (button && parentElement.contains(button.el)) return;
  const b = el('button', 'nnlab-play', 'Play');
  b.type = 'button';
  b.setAttribute('aria-pressed', 'false');
  b.dataset.testid = 'nnlab-play';
  parentElement.append(b);
  button = playButtons()[data.token] = {
    el: b,
    playing: false,
    show(playing) {
      this.playing = playing;
      b.textContent = playing ? 'Pause' : 'Play';
      b.setAttribute('aria-pressed', playing ? 'true' : 'false');
      b.classList.toggle('nnlab-playing', playing);
    },
  };
  b.addEventListener('click', () => {
    const board = (window.__nnlabBoards || {})[data.token];
    if (board) board.send(button.playing ? 'pause' : 'play');
  });
  const board = (window.__nnlabBoards || {})[data.token];
  button.show(board ? board.playing : false);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (data.kind === 'button') { mountButton(parentElement, data); return; }
  const boards = window.__nnlabBoards || (window.__nnlabBoards = {});
  let board = boards[data.token];
  if (board && board.root.isConnected && parentElement.contains(board.root)) {
    board.trigger = setTriggerValue;
    board.update(data);
  } else {
    if (board) board.close();
    const root = el('div');
    parentElement.append(root);
    board = boards[data.token] = new Board(root, data, setTriggerValue);
  }
}

// A live picture the browser plays from batches of frames (ui/live_picture.py says how and why). A figure is mounted
// once per run (`data.kind` 'figure'); each batch of frames (`data.kind` 'frames') reaches it through a hidden
// element, the carrier.
const BACKLOG = 30;
const STALL = 100;  // ms
const ANNOUNCE = 3000;  // ms: a screen reader hears the picture's state at most this often (frames come 40 a second)

// One playback clock for every picture on the page, so that pictures side by side stay on the same frame. When
// the page is busy (no animation frame for a while, say while it draws a rerun), the clock stops for that long,
// so the frames due meanwhile are shown late rather than skipped, and then runs at 1.5 times speed until it has
// caught up, so a replay still ends about when the server expects it to (it then replaces the picture).
const clock = window.__nnlabClock || (window.__nnlabClock = { lag: 0, last: 0, running: false });
if (!clock.running) {
  clock.running = true;
  const step = () => {
    const now = performance.now();  // not the frame's timestamp: after a long task that is from before it
    const gap = clock.last ? now - clock.last : 0;
    if (gap > STALL) clock.lag += gap - 1000 / 60;
    else clock.lag -= Math.min(clock.lag, gap / 2);
    clock.last = now;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
const playtime = () => performance.now() - clock.lag;

export default function (component) {
  const { data, parentElement } = component;
  const runs = window.__nnlabLive || (window.__nnlabLive = {});
  if (data.kind === 'figure') {
    const fig = document.createElement('figure');
    fig.className = 'nnlab-live';
    if (data.width) fig.style.maxWidth = data.width + 'px';
    const stage = document.createElement('div');
    const canvas = document.createElement('canvas');
    canvas.className = 'nnlab-live-frame';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', data.alt);
    stage.append(canvas);
    if (data.overlay) {
      const over = document.createElement('img');
      over.src = data.overlay;
      over.alt = '';
      stage.append(over);
    }
    const cap = document.createElement('figcaption');
    cap.append(document.createTextNode(data.caption));
    cap.setAttribute('aria-hidden', 'true');  // read through the status below, not at every frame
    // What the picture shows now, for screen readers: a polite status, new text at most every ANNOUNCE ms and for
    // the last frame; the canvas's label follows it, so a reader who moves to the picture hears the same.
    const status = document.createElement('p');
    status.className = 'nnlab-live-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.append(document.createTextNode(''));
    fig.append(stage, cap, status);
    parentElement.append(fig);
    const run = runs[data.run] = { queue: [], offset: null, shown: 0, received: 0, canvas, gone: 0, captioned: 0,
                                   ticked: 0, tail: data.tail, announced: -ANNOUNCE, said: '', text: '' };
    const announce = (now) => {
      if (run.text === run.said) return;
      status.firstChild.nodeValue = run.text;
      canvas.setAttribute('aria-label', data.alt + ' ' + run.text);
      run.said = run.text;
      run.announced = now;
    };
    const tick = () => {
      if (!fig.isConnected && ++run.gone > 120) { delete runs[data.run]; return; }  // replaced: stop
      const now = playtime(), q = run.queue;
      let due = 0;
      while (due < q.length && run.offset + q[due].t <= now) due++;
      if (due > BACKLOG) {  // far behind (the page was busy): skip to the last BACKLOG frames due
        for (const old of q.splice(0, due - BACKLOG)) if (old.bitmap) old.bitmap.close();
        canvas.dataset.skipped = String((+canvas.dataset.skipped || 0) + due - BACKLOG);
        due = BACKLOG;
      }
      if (due && !q[0].bitmap) run.offset += now - run.ticked;  // still decoding: hold the clock
      else if (due) {  // one frame per animation frame: a busy moment delays frames rather than skipping them
        const f = q.shift();
        if (canvas.width !== f.bitmap.width) { canvas.width = f.bitmap.width; canvas.height = f.bitmap.height; }
        canvas.getContext('2d').drawImage(f.bitmap, 0, 0);
        f.bitmap.close();
        // the caption at most every 150 ms (new text costs the page a layout), and for the last frame received
        if (now - run.captioned >= 150 || !q.length) {
          cap.firstChild.nodeValue = f.caption + ' ' + run.tail;
          run.captioned = now;
        }
        run.text = f.caption;
        if (now - run.announced >= ANNOUNCE) announce(now);
        canvas.dataset.frame = String(++run.shown);
      }
      else if (!q.length && run.text !== run.said && now - run.announced >= ANNOUNCE / 3) announce(now);  // the end
      run.ticked = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return;
  }
  parentElement.classList.add('nnlab-live-carrier');
  const run = runs[data.run];
  if (!run || !data.frames.length) return;
  for (const [t, uri, caption] of data.frames) {
    const f = { t: t * 1000, caption, bitmap: null };
    const png = Uint8Array.from(atob(uri.slice(uri.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    createImageBitmap(new Blob([png], { type: 'image/png' })).then((b) => { f.bitmap = b; }, () => {});
    run.queue.push(f);
  }
  run.received += data.frames.length;
  run.canvas.dataset.received = String(run.received);  // with dataset.frame (shown) and .skipped: read by tests
  const now = playtime(), first = data.frames[0][0] * 1000;
  if (run.offset === null || run.offset + first < now) run.offset = now - first + data.lead;
}

// nbDrawBoard runs the drawing board of package nb in root: white ink on a
// black canvas, drawn with the mouse, a finger or a pen (pointer events). At
// the end of each stroke it sends the canvas's grey levels to the Go cell at
// address, as "px:N:" and the base64 of one byte per pixel, N counting the
// strokes (a string: GoNB's comms lose every message after one that is a
// JavaScript array); the answer to stroke N carries data-stroke="N", and the
// board's data-nbdraw-strokes holds the last N sent. It also sends "ready"
// (see the handshake at the end), "clear" and "done"; data-nbdraw-ready is
// set once the cell has answered "ready".
function nbDrawBoard(root, address, pen) {
  if (!root || root.dataset.nbdrawStarted) { return; }
  root.dataset.nbdrawStarted = "1";
  const canvas = root.querySelector(".nbdraw-canvas");
  const status = root.querySelector(".nbdraw-status");
  const ctx = canvas.getContext("2d");
  let drawing = false, last = null, closed = false, strokes = 0;

  function blank() {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  function send(value) {
    if (globalThis.gonb_comm) { globalThis.gonb_comm.send(address, value); }
  }
  function pixels() {
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0; i < grey.length; i++) { grey[i] = rgba[4 * i]; }
    let s = "";
    for (let i = 0; i < grey.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, grey.subarray(i, i + 0x8000));
    }
    strokes++;
    root.dataset.nbdrawStrokes = String(strokes);
    return "px:" + strokes + ":" + btoa(s);
  }
  function point(ev) {
    const r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
  }
  function line(a, b) {
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = pen;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
  }
  canvas.addEventListener("pointerdown", (ev) => {
    if (closed) { return; }
    ev.preventDefault();
    canvas.setPointerCapture && canvas.setPointerCapture(ev.pointerId);
    drawing = true;
    last = point(ev);
    line(last, last);
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (!drawing) { return; }
    ev.preventDefault();
    const p = point(ev);
    line(last, p);
    last = p;
  });
  function end(ev) {
    if (!drawing) { return; }
    drawing = false;
    send(pixels());
  }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  root.querySelector(".nbdraw-clear").addEventListener("click", () => {
    blank();
    send("clear");
  });
  root.querySelector(".nbdraw-done").addEventListener("click", () => {
    closed = true;
    status.textContent = "done";
    send("done");
  });
  blank();

  // The handshake (nbHandshake): until the cell answers "ready", the board
  // says it is connecting.
  nbHandshake(root, address, () => {
    status.textContent = "draw a digit";
    root.dataset.nbdrawReady = "1";
  }, () => { status.textContent = "no connection to the cell: run it again"; });
}

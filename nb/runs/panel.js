// nbRunsPanel runs the training panel of package nb in root. "Train" sends the
// settings chosen to the Go cell at address as one string, "train:" and a
// JSON object (a string: GoNB's comms lose every message after one that is
// a JavaScript array); "Stop" sends "stop" and "Close" "close". The learning
// rate slider is on a log scale: step i is 10^(minExp + i/perDecade). Like
// the drawing board, the panel sends "ready" on each new connection of GoNB's
// comms until the cell answers it on address + "/ack"; data-nbruns-ready is
// set then.
function nbRunsPanel(root, address, minExp, perDecade) {
  if (!root || root.dataset.nbrunsStarted) { return; }
  root.dataset.nbrunsStarted = "1";
  const q = (c) => root.querySelector(c);
  const lr = q(".nbruns-lr"), epochs = q(".nbruns-epochs"), connection = q(".nbruns-connection");
  function rate() { return Number(Math.pow(10, minExp + Number(lr.value) / perDecade).toPrecision(2)); }
  function shown() {
    q(".nbruns-lr-value").textContent = String(rate());
    q(".nbruns-epochs-value").textContent = epochs.value;
  }
  lr.addEventListener("input", shown);
  epochs.addEventListener("input", shown);
  shown();
  function send(value) {
    if (globalThis.gonb_comm) { globalThis.gonb_comm.send(address, value); }
  }
  q(".nbruns-train").addEventListener("click", () => {
    send("train:" + JSON.stringify({
      activation: q(".nbruns-activation").value,
      optimizer: q(".nbruns-optimizer").value,
      scaled: q(".nbruns-pixels").value === "scaled",
      learning_rate: rate(),
      epochs: Number(epochs.value),
    }));
  });
  q(".nbruns-stop").addEventListener("click", () => send("stop"));
  q(".nbruns-close").addEventListener("click", () => {
    connection.textContent = "closing…";
    send("close");
  });

  nbHandshake(root, address, () => {
    connection.textContent = "";
    root.dataset.nbrunsReady = "1";
  }, () => { connection.textContent = "no connection to the cell: run it again"; });
}

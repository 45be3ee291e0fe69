// nbHandshake tells the Go cell at address that a page shows root, the
// element of a board or panel of package nb: the cell waits for "ready" to
// know it, and answers on address + "/ack". "ready" goes to every new
// connection of GoNB's comms (when one fails to open, the cell asks GoNB for
// another) until the answer comes; then onReady runs. After 30 s without an
// answer onLost runs and the page stops asking.
function nbHandshake(root, address, onReady, onLost) {
  let acked = false, asked = null;
  const started = Date.now();
  (function handshake() {
    if (acked || !root.isConnected) { return; }
    const comm = globalThis.gonb_comm;
    if (comm && comm !== asked) {
      asked = comm;
      const id = comm.subscribe(address + "/ack", () => {
        comm.unsubscribe(id);
        if (acked) { return; }
        acked = true;
        onReady();
      });
      comm.send(address, "ready");
    }
    if (Date.now() - started > 30000) {
      onLost();
      return;
    }
    setTimeout(handshake, 50);
  })();
}

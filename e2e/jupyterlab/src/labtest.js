// LabTest is the page's interface for tests, window.labTest:
//
//	await labTest.ready       the notebook is shown and, unless kernel=none, its kernel answers
//	await labTest.runAll()    runs every cell, as Run > Run All Cells does; resolves when the last has finished
//	labTest.startRunAll()     the same without waiting: await labTest.running for its result
//	labTest.runCell(text)     runs the code cell whose source contains text, without waiting for it to finish
//	await labTest.interrupt() interrupts the kernel, as the ■ button does
//	await labTest.summary()   what the page shows, read from the DOM (see summary)
//	await labTest.shutdown()  stops the kernel
//	labTest.top()             scrolls back to the first cell (for a screenshot)
//
// Each step has a timeout and rejects with an error that says what did not happen: a ServiceManager is "ready"
// even when every request to the server failed, so readiness is checked on the notebook and its kernel.

import { NotebookActions } from '@jupyterlab/notebook';

const contextTimeout = 60e3; // reading the notebook from the server
const defaultKernelTimeout = 120e3; // starting the kernel and connecting to it
const renderTimeout = 15e3; // rendering the cells, markdown included
const traceLength = 40; // the kernel connection's events a failure report shows
const infoRetry = 5e3; // asking the kernel for its info again when it has not come
const noAnswer = 'no answer within'; // in the error of a step that timed out (browser_test.go: kernelNoAnswer)

export class LabTest {
  // kernelTimeout, in milliseconds, bounds starting the kernel and connecting to it (default 120 s).
  constructor(kernelTimeout = defaultKernelTimeout) {
    this.kernelTimeout = kernelTimeout;
    this.errors = [];
    this.retries = []; // what was asked again while connecting, and why
    this.panel = null;
    this.ready = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this.ready.catch((err) => this.errors.push(String(err && err.message ? err.message : err)));
  }

  // open waits for the notebook of opened (a promise of, or an object {panel, withKernel}) to be ready.
  open(opened) {
    Promise.resolve(opened)
      .then(async ({ panel, withKernel }) => {
        this.panel = panel;
        await within(panel.context.ready, contextTimeout, `reading ${panel.context.path} from the server`);
        if (!withKernel) {
          return { path: panel.context.path, kernel: null };
        }
        const session = panel.sessionContext;
        session.kernelChanged.connect((_, { newValue }) => newValue && this.traceKernel(newValue));
        await within(session.ready, this.kernelTimeout, 'starting a session for the notebook');
        const kernel = session.session && session.session.kernel;
        if (!kernel) {
          throw new Error(`no kernel was started for ${panel.context.path} (kernel preference: ` +
            `${JSON.stringify(session.kernelPreference)})`);
        }
        this.traceKernel(kernel);
        const info = await this.kernelInfo(kernel);
        return { path: panel.context.path, kernel: kernel.name, language: info.language_info.name, retries: this.retries };
      })
      .then(this._resolve, this._reject);
  }

  // kernelInfo resolves with kernel's info (kernel.info), or rejects after this.kernelTimeout with the connection's
  // last events. kernel.info waits for the reply to the page's kernel_info_request and for the kernel's idle status
  // on iopub. jupyter_server 1.23 does not "nudge" a kernel it believes busy when a page connects (nudging waits
  // until the page's iopub subscription gets messages), and a fresh GoNB kernel is busy for a moment answering the
  // server's own kernel_info_request: the status messages of the page's request can then be published before the
  // subscription is in place, and are lost. The reply comes, the idle status never does (seen in 2 of 8 full test
  // runs, and once in 600 openings in a loop). So each time the info has not come within infoRetry while the
  // connection is up, the page asks again, as JupyterLab's own code suggests (services' KernelConnection: "it may
  // be preferable to retry kernelInfo"); each retry is recorded, with its reason, in this.retries, which ready
  // reports.
  async kernelInfo(kernel) {
    const what = `connecting to kernel ${kernel.name}`;
    const deadline = performance.now() + this.kernelTimeout;
    for (;;) {
      const left = deadline - performance.now();
      try {
        return await within(kernel.info, Math.min(left, infoRetry), what);
      } catch (err) {
        if (!String(err && err.message ? err.message : err).includes(noAnswer)) {
          throw new Error(`${what}: ${err && err.message ? err.message : err}`); // the kernel answered, with an error
        }
        if (left <= infoRetry) {
          throw new Error(`${what}: ${noAnswer} ${this.kernelTimeout / 1e3} s; the connection's last events:\n` +
            this.kernelTrace());
        }
      }
      if (kernel.connectionStatus === 'connected') {
        const why = this.infoReplies > 0 ? 'its kernel_info_reply came but not its idle status' : 'no kernel_info_reply came';
        this.retries.push(`kernel ${kernel.name}: ${why} within ${infoRetry / 1e3} s; asking again`);
        this.traceLine(`retry: ${why}; send another kernel_info_request`);
        kernel.requestKernelInfo().catch(() => {}); // resolves kernel.info when it is answered
      }
    }
  }

  // traceKernel records, for a failure's report, what happens on the connection to kernel: its connection status,
  // its status, and each message sent or received (channel, type, ids), the last traceLength of them.
  traceKernel(kernel) {
    if (this.traced === kernel) {
      return;
    }
    this.traced = kernel;
    this.trace = [];
    this.infoReplies = 0; // kernel_info_reply messages received, which kernelInfo's retries tell of
    const start = performance.now();
    const add = (line) => {
      this.trace.push(`+${((performance.now() - start) / 1e3).toFixed(3)} s ${line}`);
      if (this.trace.length > traceLength) {
        this.trace.shift();
      }
    };
    this.traceLine = add;
    add(`connection ${kernel.connectionStatus}, kernel ${kernel.status}, client ${kernel.clientId.slice(0, 8)}`);
    kernel.connectionStatusChanged.connect((_, status) => add(`connection ${status}`));
    kernel.statusChanged.connect((_, status) => add(`kernel ${status}`));
    kernel.anyMessage.connect((_, { msg, direction }) => {
      if (direction === 'recv' && msg.header.msg_type === 'kernel_info_reply') {
        this.infoReplies++;
      }
      const parent = msg.parent_header && msg.parent_header.msg_id ? ` parent ${msg.parent_header.msg_id.slice(0, 8)}` : '';
      const state = msg.header.msg_type === 'status' ? ` ${msg.content.execution_state}` : '';
      add(`${direction} ${msg.channel} ${msg.header.msg_type}${state} ${msg.header.msg_id.slice(0, 8)}${parent}`);
    });
  }

  // kernelTrace returns what traceKernel recorded, a line each.
  kernelTrace() {
    return this.trace && this.trace.length > 0 ? this.trace.join('\n') : '(nothing recorded)';
  }

  // fail rejects ready with err, if it has not settled yet.
  fail(err) {
    this._reject(err);
  }

  // runAll runs every cell and resolves with {ok, seconds}; ok is false when a cell failed (the later ones are
  // then not run, as in JupyterLab).
  async runAll() {
    await this.ready;
    const start = performance.now();
    const ok = await NotebookActions.runAll(this.panel.content, this.panel.sessionContext);
    return { ok, seconds: (performance.now() - start) / 1e3 };
  }

  // startRunAll starts runAll and returns at once; labTest.running is its promise.
  startRunAll() {
    this.running = this.runAll();
    this.running.catch(() => {}); // read by whoever awaits labTest.running
    return true;
  }

  // runCell runs the first code cell whose source contains text, as Shift+Enter does, and returns at once; the
  // run is queued after any cell still running. It throws when no code cell contains text.
  runCell(text) {
    const notebook = this.panel.content;
    const index = notebook.widgets.findIndex((c) => c.model.type === 'code' && c.model.sharedModel.getSource().includes(text));
    if (index < 0) {
      throw new Error(`the notebook has no code cell containing ${JSON.stringify(text)}`);
    }
    notebook.deselectAll();
    notebook.activeCellIndex = index;
    NotebookActions.run(notebook, this.panel.sessionContext).catch((err) => this.errors.push(String(err)));
    return true;
  }

  // interrupt interrupts the notebook's kernel, as the toolbar's ■ button does.
  async interrupt() {
    const kernel = this.panel.sessionContext.session && this.panel.sessionContext.session.kernel;
    if (!kernel) {
      throw new Error('no kernel to interrupt');
    }
    await within(kernel.interrupt(), this.kernelTimeout, `interrupting kernel ${kernel.name}`);
    return true;
  }

  // top scrolls the notebook back to its first cell and leaves it there, selected, as after opening it.
  top() {
    const notebook = this.panel.content;
    notebook.activeCellIndex = 0;
    notebook.deselectAll();
    for (const node of this.panel.node.querySelectorAll('.jp-WindowedPanel-outer')) {
      node.scrollTop = 0;
    }
    document.activeElement?.blur();
  }

  // shutdown stops the notebook's kernel.
  async shutdown() {
    if (this.panel) {
      await this.panel.sessionContext.shutdown();
    }
  }

  // summary returns what the notebook shows, per cell: its type, its execution prompt ("[3]:", "[*]:" while it
  // runs, "[ ]:" if it never ran), and for each output its mime type (the data-mime-type JupyterLab sets; error
  // outputs and stderr streams show as application/vnd.jupyter.stderr), its text as rendered, its images with
  // their natural sizes once decoded (0 for an image that does not decode) and its tables.
  async summary() {
    const cells = [];
    const root = this.panel ? this.panel.content.node : document.body;
    // Cells render after the notebook is ready, markdown asynchronously: give them time to.
    if (this.panel) {
      await within(Promise.all(this.panel.content.widgets.map((w) => w.ready)), renderTimeout, 'rendering the cells');
    }
    await settled(() => [...root.querySelectorAll('.jp-MarkdownCell')].every((n) => {
      const out = n.querySelector('.jp-MarkdownOutput');
      return out !== null && out.childElementCount > 0 && !hasRawLatex(out);
    }), renderTimeout);
    for (const [index, node] of root.querySelectorAll('.jp-Cell').entries()) {
      const type = node.classList.contains('jp-CodeCell') ? 'code'
        : node.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw';
      const cell = { index, type, prompt: text(node.querySelector('.jp-InputPrompt')), outputs: [] };
      if (type === 'markdown') {
        const rendered = node.querySelector('.jp-MarkdownOutput');
        cell.rendered = rendered !== null && rendered.offsetParent !== null;
        cell.text = text(rendered);
        cell.rawLatex = rendered !== null && hasRawLatex(rendered);
      }
      for (const out of node.querySelectorAll('.jp-OutputArea-output')) {
        const images = [];
        for (const img of out.querySelectorAll('img')) {
          const decoded = await img.decode().then(() => true, () => false);
          images.push({ decoded, width: img.naturalWidth, height: img.naturalHeight, mime: img.src.slice(0, 30) });
        }
        const tables = [...out.querySelectorAll('table')].map((t) => ({ rows: t.rows.length }));
        cell.outputs.push({ mime: out.dataset.mimeType || '', text: text(out), images, tables });
      }
      cells.push(cell);
    }
    return { path: this.panel ? this.panel.context.path : '', cells, errors: this.errors };
  }
}

// within resolves as promise does, or rejects after ms milliseconds with an error naming what timed out.
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: ${noAnswer} ${ms / 1e3} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// hasRawLatex reports whether node shows LaTeX that MathJax has not typeset: $$…$$ outside code.
function hasRawLatex(node) {
  const clone = node.cloneNode(true);
  for (const code of clone.querySelectorAll('code, pre')) {
    code.remove();
  }
  return /\$\$[^$]+\$\$/.test(clone.textContent);
}

// settled resolves once done() is true, or after ms milliseconds.
async function settled(done, ms) {
  for (const end = performance.now() + ms; !done() && performance.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// text returns the text a user reads in node, at most 4000 characters.
function text(node) {
  if (!node) {
    return '';
  }
  const s = node.innerText.trim();
  return s.length > 4000 ? s.slice(0, 4000) + '…' : s;
}

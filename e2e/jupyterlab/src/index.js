// A page that opens one notebook with JupyterLab 4's notebook components — NotebookPanel, its output areas, the
// standard rendermime renderers and MathJax, as JupyterLab's notebook plugin sets them up — against a Jupyter server that
// serves this page as a static file. It is not JupyterLab: no launcher, file browser, menus, settings or
// extensions; just enough to run a notebook's cells and show their outputs the way JupyterLab shows them.
//
// URL parameters:
//
//	path    the notebook, relative to the server's root folder (required)
//	token   the server's token
//	kernel  "none" opens the notebook without starting a kernel (to look at its saved outputs)
//	kernel_timeout  seconds to wait for the kernel to start and answer (default 120)
//
// window.labTest (see labtest.js) lets a test wait for the notebook, run its cells and read what is shown.

import './style.js';

import {
  NotebookModelFactory,
  NotebookPanel,
  NotebookWidgetFactory,
  StaticNotebook,
} from '@jupyterlab/notebook';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { ServerConnection, ServiceManager } from '@jupyterlab/services';
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry,
  ybinding,
} from '@jupyterlab/codemirror';
import { createMarkdownParser } from '@jupyterlab/markedparser-extension';
import { MathJaxTypesetter } from '@jupyterlab/mathjax-extension';
import { Widget } from '@lumino/widgets';

import { LabTest } from './labtest.js';

const params = new URLSearchParams(window.location.search);
const path = params.get('path');
const withKernel = params.get('kernel') !== 'none';
const labTest = new LabTest(Number(params.get('kernel_timeout')) * 1e3 || undefined);
window.labTest = labTest;

try {
  if (!path) {
    throw new Error('no notebook: open this page with ?path=NOTEBOOK.ipynb');
  }
  labTest.open(openNotebook(path));
} catch (err) {
  labTest.open(Promise.reject(err));
}

// openNotebook shows the notebook at path and returns its NotebookPanel.
function openNotebook(path) {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: new URL('/', window.location.href).href,
    token: params.get('token') || '',
    appendToken: true, // a browser's WebSocket cannot send the token in a header, and this page has no cookie
  });
  const manager = new ServiceManager({ serverSettings });

  const languages = new EditorLanguageRegistry();
  for (const language of EditorLanguageRegistry.getDefaultLanguages()) {
    languages.addLanguage(language);
  }
  const themes = new EditorThemeRegistry(); // the default theme highlights the code as JupyterLab does
  for (const theme of EditorThemeRegistry.getDefaultThemes()) {
    themes.addTheme(theme);
  }
  const extensions = new EditorExtensionRegistry();
  for (const extension of EditorExtensionRegistry.getDefaultExtensions({ themes })) {
    extensions.addExtension(extension);
  }
  // Binds each editor to its cell's shared model, as JupyterLab's codemirror-extension plugin does.
  extensions.addExtension({
    name: 'shared-model-binding',
    factory: (options) => {
      const sharedModel = options.model.sharedModel;
      return EditorExtensionRegistry.createImmutableExtension(
        ybinding({ ytext: sharedModel.ysource, undoManager: sharedModel.undoManager ?? undefined }),
      );
    },
  });
  const editorFactory = new CodeMirrorEditorFactory({ extensions, languages });

  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    markdownParser: createMarkdownParser(languages),
    latexTypesetter: new MathJaxTypesetter(), // $…$ and $$…$$ in markdown, text/latex outputs
  });

  // A missing kernel must fail the page, not open a dialog nobody answers.
  const sessionDialogs = {
    selectKernel: async (sessionContext) => {
      labTest.fail(new Error(`no kernel to start for ${path}: the server has no kernelspec ` +
        `"${sessionContext.kernelPreference.name || '(none named)'}" (see /api/kernelspecs)`));
    },
    restart: async () => false,
  };

  const registry = new DocumentRegistry();
  const docManager = new DocumentManager({ registry, manager, opener: { open: () => {} }, sessionDialogs });
  docManager.autosave = false; // the page never writes the notebook
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(new NotebookWidgetFactory({
    name: 'Notebook',
    modelName: 'notebook',
    fileTypes: ['notebook'],
    defaultFor: ['notebook'],
    preferKernel: withKernel,
    canStartKernel: withKernel,
    shutdownOnClose: true,
    rendermime,
    contentFactory: new NotebookPanel.ContentFactory({ editorFactory: editorFactory.newInlineEditor }),
    mimeTypeService: new CodeMirrorMimeTypeService(languages),
    // Every cell in the DOM, so that what a test reads is the whole notebook, not the cells in view.
    notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: 'none' },
  }));

  const panel = docManager.open(path, 'Notebook');
  if (!panel) {
    throw new Error(`cannot open ${path}`);
  }
  panel.id = 'main';
  Widget.attach(panel, document.body);
  window.addEventListener('resize', () => panel.update());
  return { panel, withKernel };
}

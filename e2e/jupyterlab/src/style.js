// The style sheets of JupyterLab's notebook (cells, output areas, rendermime, CodeMirror) and its light theme.
import '@jupyterlab/notebook/style/index.css';
import '@jupyterlab/theme-light-extension/style/theme.css';

// build.js bundles src/ into one page with webpack's Node API (webpack-cli 7 needs Node 22; this runs on 18 and
// later). build.sh calls it; run it by hand as
//
//	node build.js NODE_MODULES_DIR OUT_DIR
//
// NODE_MODULES_DIR is where `npm ci` installed package-lock.json's packages (build.sh keeps them out of the
// source tree); OUT_DIR receives index.html, bundle.js and the chunks loaded on demand (CodeMirror languages,
// mermaid).
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

if (process.argv.length !== 4) {
  console.error('usage: node build.js NODE_MODULES_DIR OUT_DIR');
  process.exit(2);
}
const modules = path.resolve(process.argv[2]);
const out = path.resolve(process.argv[3]);
const webpack = createRequire(path.join(modules, '..', 'package.json'))('webpack');

const config = {
  mode: 'production',
  context: __dirname,
  entry: './src/index.js',
  output: { path: out, filename: 'bundle.js', chunkFilename: '[id].[contenthash].js', publicPath: 'auto' },
  resolve: { modules: [modules] },
  resolveLoader: { modules: [modules] },
  devtool: false,
  performance: { hints: false },
  module: {
    rules: [
      // Some ES modules import their siblings without the .js extension.
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      // Icons: a string in JavaScript (ui-components builds its LabIcons from them), a data URL in CSS.
      { test: /\.svg$/, issuer: /\.css$/, type: 'asset/inline' },
      { test: /\.svg$/, issuer: /\.js$/, type: 'asset/source' },
      { test: /\.(png|jpg|gif|ttf|woff|woff2|eot)$/, type: 'asset' },
      { test: /\.md$/, type: 'asset/source' },
    ],
  },
  plugins: [
    // Some packages read process.env or call process.cwd() (the path polyfill).
    new webpack.DefinePlugin({ process: { cwd: () => '/', env: {} } }),
  ],
};

webpack(config, (err, stats) => {
  if (err) {
    console.error(err.stack || err);
    process.exit(1);
  }
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  for (const w of info.warnings) console.error('warning:', w.message);
  if (stats.hasErrors()) {
    for (const e of info.errors) console.error('error:', e.message);
    process.exit(1);
  }
  fs.copyFileSync(path.join(__dirname, 'src', 'index.html'), path.join(out, 'index.html'));
  const bytes = info.assets.reduce((n, a) => n + a.size, 0);
  console.error(`bundled ${info.assets.length} files, ${(bytes / 1e6).toFixed(1)} MB, into ${out}`);
});

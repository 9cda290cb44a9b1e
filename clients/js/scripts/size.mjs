// Bundle size of the SDK as an app would ship it: each entry bundled and minified by esbuild (react
// left out: the app has it anyway), then gzipped. Prints the figures docs/benchmarks.md quotes.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

for (const [name, entry] of [['@servicehub/client', 'dist/index.js'], ['@servicehub/client/react', 'dist/react.js']]) {
  const result = await build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, platform: 'browser',
    external: ['react', 'react-dom'],
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name}: ${(code.length / 1024).toFixed(1)} KiB min, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KiB min+gzip`);
}

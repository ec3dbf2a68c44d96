// Builds the renderer (React window) into dist/renderer and prints the gzipped size of its JavaScript.
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Prints the total gzipped size of the emitted JavaScript, so the bundle stays small on purpose. */
function reportGzippedJs(): Plugin {
  return {
    name: 'report-gzipped-js',
    apply: 'build',
    writeBundle(_options, bundle) {
      let raw = 0;
      let gzipped = 0;
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        raw += Buffer.byteLength(item.code);
        gzipped += gzipSync(item.code, { level: 9 }).length;
      }
      const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
      console.log(`\nrenderer JavaScript: ${kb(raw)} raw, ${kb(gzipped)} gzipped\n`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), reportGzippedJs()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the demo on :5173 and forwards the API and the WebSocket to a ServiceHub on :5000.
// The Maven build runs `vite build --outDir <target/classes/static>`, so the jar serves it at /.
const target = process.env.SERVICEHUB_URL ?? 'http://localhost:5000';

export default defineConfig({
  plugins: [react()],
  build: { emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: {
      '/api': target,
      '/actuator': target,
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
});

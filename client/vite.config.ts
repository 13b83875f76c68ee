/**
 * The analyst's client: built into client/dist, which the Express server serves at /. In development
 * (`npx vite client`) the API is proxied to the server on 127.0.0.1:8080.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The model module (server/model) is imported from outside the client root.
    chunkSizeWarningLimit: 1500,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: ['..'] },
  },
});

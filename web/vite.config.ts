/**
 * Builds the web app (issue #6): `web/` is the root, the output goes to `web/dist`, which
 * `sluice serve` serves at `/`. In development (`npx vite web`) the API is proxied to a running
 * `sluice serve` on 127.0.0.1:8080.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const API_PREFIXES = [
  '/sluice',
  '/events',
  '/attributes',
  '/tags',
  '/objects',
  '/workflows',
  '/workflowBlueprints',
  '/servers',
  '/admin',
  '/api',
]

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, 'http://127.0.0.1:8080'])),
  },
})

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm start` serves the API, the local sign-in and /config.json during `vite` dev. */
const localServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/api': localServer,
      '/local-auth': localServer,
      '/config.json': localServer,
    },
  },
});

import { defineConfig } from 'vite';

// The production build goes into the web host's static files (src/Web/wwwroot), served by ASP.NET Core.
export default defineConfig({
  build: {
    outDir: '../Web/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@cornerstonejs/dicom-image-loader'], include: ['dicom-parser'] },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:5080', ws: true },
      '/dicomweb': 'http://127.0.0.1:5080',
      '/api': 'http://127.0.0.1:5080',
    },
  },
});

import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadScreen } from './app/lazy-screens';
import { useNavigationStore } from './app/navigation-store';
import { galleryStore } from './features/gallery/gallery-store';
import { installHttpBridge } from './lib/http-bridge';
import './app/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render Wan Studio into.');

installHttpBridge();
const firstView = useNavigationStore.getState().view;
// The first screen's code and, for the gallery, its first page are asked for before React renders,
// side by side, instead of one after the other once the app has mounted.
void loadScreen(firstView).catch(() => {});
if (firstView === 'gallery') galleryStore.getState().load();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

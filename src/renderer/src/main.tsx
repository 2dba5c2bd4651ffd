import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installHttpBridge } from './lib/http-bridge';
import './app/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render Wan Studio into.');

installHttpBridge();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

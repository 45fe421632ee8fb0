import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { init } from './app/controller';
import { App } from './ui/shell/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Loads the pack index and manifests; failures land in the store (packsError), shown by the header.
void init();

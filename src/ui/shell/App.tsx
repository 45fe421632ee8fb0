import { SCREENS, DEFAULT_SCREEN } from '../screens';
import { hashFor } from '../router';
import { useHashRoute } from '../useHashRoute';
import { AppHeader } from './AppHeader';
import { UpdateBanner } from './UpdateBanner';

const SCREEN_IDS = SCREENS.map((s) => s.id);

/** The app shell: brand, screen tabs, settings, and the routed screen. */
export function App() {
  const route = useHashRoute(SCREEN_IDS, DEFAULT_SCREEN);
  const screen = SCREENS.find((s) => s.id === route) ?? SCREENS[0]!;
  return (
    <div className="app">
      <UpdateBanner />
      <header className="topbar">
        <a className="brand" href={hashFor(DEFAULT_SCREEN)}>
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="2" y="5" width="20" height="14" rx="3" fill="currentColor" />
            <circle cx="12" cy="12" r="4.2" fill="#fff" />
            <circle cx="12" cy="12" r="2" fill="currentColor" />
          </svg>
          <span className="brand__name">Reelscope</span>
        </a>
        <nav className="tabs" aria-label="Screens">
          {SCREENS.map((s) => (
            <a key={s.id} href={hashFor(s.id)} className="tabs__tab" aria-current={s.id === screen.id ? 'page' : undefined}>
              {s.title}
            </a>
          ))}
        </nav>
        <p className="topbar__privacy">
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M8 1.5 2.5 3.8v3.6c0 3.3 2.3 6.1 5.5 7.1 3.2-1 5.5-3.8 5.5-7.1V3.8L8 1.5Z" fill="currentColor" />
          </svg>
          Runs in your browser — clips never leave this device
        </p>
      </header>
      <AppHeader packChoice={!screen.ownPack} />
      <main className="main" id="main">
        <screen.Component />
      </main>
    </div>
  );
}

/**
 * `npm run bench:web`: the size of what the home page loads before its first paint, read from
 * the built web app (run `npm run build:web` first). A figure to compare between changes, with
 * the budget next to it; nothing here fails on it.
 */
import { measureFirstPage, printFirstPage } from './first-page.js';

printFirstPage(measureFirstPage());

// What the page shows: the period, and the choices made on it.
export type Range = { start: string; end: string };

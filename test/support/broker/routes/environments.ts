import type { Route } from '../context.js';
export const environmentRoutes: Route[] = [];

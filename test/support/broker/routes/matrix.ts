import type { Route } from '../context.js';
export const matrixRoutes: Route[] = [];

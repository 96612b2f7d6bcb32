// Public entry of the pathway engine. Pure: no I/O, no clock, no React, no browser API.
export * from './types';

import { findMotoPython, RESOLVED_MOTO_PYTHON } from './moto-server.js';

/**
 * Global setup of the whole run: finds the Python that has moto once and hands it to every worker
 * through the environment, so a file that starts its own moto server does not probe again (each
 * probe imports moto: about a second of CPU, dozens of times a run). When none is found, nothing is
 * set and the first test that needs moto fails with the install hint.
 */
export function setup(): void {
  const python = findMotoPython();
  if (python) process.env[RESOLVED_MOTO_PYTHON] = python;
}

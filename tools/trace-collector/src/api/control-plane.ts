import { ControlPlaneError } from '../sampling/sampling-errors';
import { ApiError } from './http-api';

/** Runs a rule or group change, answering a refused one as X-Ray does (400 + error type). */
export function controlPlane<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (error instanceof ControlPlaneError) throw new ApiError(400, error.type, error.message);
    throw error;
  }
}

import type { Phase } from '../../knowledge/types.js';
import type { Location } from '../../parse/location.js';

/** Input that could not be read, parsed or modelled: a parse-error finding. */
export interface InputProblem {
  readonly at: Location;
  readonly message: string;
  readonly phase: Phase;
  /** Defaults to the rule's severity; an empty file is only worth a note. */
  readonly severity?: 'error' | 'warning' | 'info';
}

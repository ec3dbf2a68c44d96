// Practice mode: the built-in simulated exchange (no key, no network). What the window, the CLI and the core share.
export const PRACTICE_PROFILE_NAME = 'Practice';

/** The bad minutes a person can rehearse, each one click (window) or one command (`bitget-panic practice scenario NAME`). */
export const PRACTICE_SCENARIOS = [
  { name: 'calm', title: 'Calm market', description: 'The exchange answers every request at once (clears the other scenarios).' },
  { name: 'partial-refusal', title: 'Exchange refuses part of the close', description: 'One position is refused (flash-close size limit) while the others close.' },
  { name: 'network-drop', title: 'Network drops', description: 'The connection drops on the next close requests; the app retries and re-reads.' },
  { name: 'exchange-busy', title: 'Exchange busy', description: 'The exchange answers "busy" to the next close requests, then recovers.' },
  { name: 'late-fill', title: 'Late fill re-opens a position', description: 'A resting order fills just after the close and re-opens a position.' },
  { name: 'clock-off', title: "This computer's clock is off", description: "The exchange's clock runs a minute ahead; requests are refused until the app re-syncs." },
  { name: 'unified-account', title: 'Unified account', description: 'The practice account becomes a unified (V3) account; the app must switch APIs.' },
  { name: 'falling-prices', title: 'Prices keep falling', description: "Every price falls 0.3 % a second until calm or reset: long positions lose and a guard's loss limit trips." },
] as const;

export type PracticeScenarioName = (typeof PRACTICE_SCENARIOS)[number]['name'];
export const PRACTICE_SCENARIO_NAMES = PRACTICE_SCENARIOS.map((scenario) => scenario.name) as [PracticeScenarioName, ...PracticeScenarioName[]];

export interface PracticeState {
  /** The scenario in force ('calm' when none). */
  scenario: PracticeScenarioName;
  openPositions: number;
  accountKind: 'classic' | 'unified';
}

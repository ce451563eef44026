/**
 * settlekit's fuzzer, as a library (`settlekit fuzz` is a thin shell over {@link runFuzz}): differential, model-based
 * testing of a target against the reference simulator, each divergence shrunk and written as a scenario.
 */
export { runFuzz, FUZZ_DEFAULTS, type FuzzEvent, type FuzzOptions, type FuzzOutcome, type SuiteFuzzResult } from './run-fuzz.ts';
export { createFuzzConsole, type FuzzConsoleOptions } from './console.ts';
export { searchSuite, type Finding, type InfoTally, type SearchOptions, type SearchProgress, type SearchResult } from './search.ts';
export { runSequence, type ExecutedStep, type LocatedDifference, type SequenceContext, type SequenceOutcome, type Side } from './sequence.ts';
export { writeFoundScenario, FOUND_BY_FUZZ, type FoundScenarioInput, type WrittenScenario } from './found-scenario.ts';
export { rulesFor, levelOf, differenceOf } from './aspects.ts';
export { COMMAND_MODELS } from './models/index.ts';
export type * from './model.ts';

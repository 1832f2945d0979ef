/** The matching engine: pure, plain data in and out (DESIGN.md, "Matching rules"). */
export * from './types';
export { match, assign } from './match';
export { prepare, RELEVANCE_THRESHOLD, COUNTY_FIT_RATIO, TEXT_WEIGHT, FORM_WEIGHT, type Prepared } from './candidates';
export { validateProblem, ProblemError, type ProblemIssue } from './validate';
export { GENERIC_WORDS } from './text';
export { compileLexicon, lexiconFaults, mergeLexicons, type Lexicon, type LexiconConcept, type LexiconSynonym } from './lexicon';
export { findDuplicates, DUPLICATE_THRESHOLD, COMMON_THRESHOLD, type DuplicateDemand, type DuplicateOptions, type DuplicateReport, type DemandGroup, type DemandPair, type GroupMember } from './duplicates';
export { pair, PairingError, DEFAULT_PAIRING_CAPACITY, MAX_PAIRING_CAPACITY, PAIR_LEVELS, LEVEL_NAME, type PairLevel, type PairingCadre, type PairingHousehold, type KeptPair, type PairingProblem, type PairingOptions, type PairingResult, type NewPair, type Unpaired, type UnpairedReason, type CadreLoad, type PairingStats, type PairExplanation, type PassedOver } from './pairing';
